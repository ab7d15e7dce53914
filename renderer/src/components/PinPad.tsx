/**
 * The supervisor PIN pad: a password field (the scanner's wedge leaves a text field alone) and big
 * digit buttons for a touch screen. Reused by self-service to leave kiosk mode.
 */
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';

/** `scanField`: a scanner's burst typed into the field is a scan, never a PIN (the desk's wedge reads it). */
export function PinPad({ onSubmit, error, busy, scanField }: { onSubmit(pin: string): void; error: string | null; busy?: boolean; scanField?: boolean }) {
  const { t } = useTranslation();
  const [pin, setPin] = useState('');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (pin) onSubmit(pin);
    setPin('');
  };
  const press = (digit: string) => setPin((p) => (p.length < 8 ? p + digit : p));
  return (
    <form className="pinpad" onSubmit={submit}>
      <p>{t('role.pinHint')}</p>
      <label>
        {t('role.pinLabel')}
        <input
          type="password"
          inputMode="numeric"
          autoComplete="off"
          autoFocus
          maxLength={8}
          value={pin}
          onChange={(e) => setPin(e.target.value.replace(/[^0-9]/g, ''))}
          data-testid="pin-input"
          data-scan-field={scanField ? '' : undefined}
        />
      </label>
      <div className="pin-keys">
        {['1', '2', '3', '4', '5', '6', '7', '8', '9'].map((d) => (
          <button type="button" key={d} onClick={() => press(d)}>
            {d}
          </button>
        ))}
        <button type="button" onClick={() => setPin('')}>
          {t('role.clear')}
        </button>
        <button type="button" onClick={() => press('0')}>
          0
        </button>
        <button type="button" aria-label={t('role.backspace')} onClick={() => setPin((p) => p.slice(0, -1))}>
          ⌫
        </button>
      </div>
      {error && (
        <p role="alert" className="form-error" data-testid="pin-error">
          {error}
        </p>
      )}
      <button type="submit" className="primary" disabled={busy || pin.length === 0} data-testid="pin-submit">
        {t('role.submit')}
      </button>
    </form>
  );
}
