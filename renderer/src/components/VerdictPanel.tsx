/**
 * The verdict, large enough to read from 2 m: colour, icon and word (never colour alone), the
 * guest's name, ticket type and note, and for `already_in` when and at which kiosk. Reused by
 * self-service with guest-facing words.
 */
import { useTranslation } from 'react-i18next';
import type { CheckinResult } from '../../../common/contract/checkins';
import { nameOf, saysKiosk, timeOf } from './format';
import { toneIcon, toneOf } from './verdict-style';

export interface VerdictView {
  result: CheckinResult;
  code: string;
  source: 'wedge' | 'camera' | 'search';
}

/**
 * The headline word: an amber verdict says the guest is admitted and why to look (VIP, note); a
 * refused ticket says why (unpaid, refunded, cancelled); an exit that wrote nothing says so.
 */
export function verdictWordKey(result: CheckinResult): string {
  const guest = result.attendee;
  if (result.verdict === 'needs_attention') {
    if (guest?.vip && guest.note) return 'verdict.attention.vipNote';
    if (guest?.vip) return 'verdict.attention.vip';
    return 'verdict.attention.note';
  }
  if (result.verdict === 'cancelled') {
    if (guest?.status === 'pending') return 'verdict.refused.pending';
    if (guest?.status === 'refunded') return 'verdict.refused.refunded';
    return 'verdict.cancelled';
  }
  if (result.verdict === 'exited' && !result.checkinId) return 'verdict.exitNotInside';
  return `verdict.${result.verdict}`;
}

export function VerdictPanel({
  verdict,
  error,
  direction = 'entry',
  kioskId = null,
}: {
  verdict: VerdictView | null;
  error?: string | null;
  direction?: 'entry' | 'exit';
  /** This kiosk: an earlier check-in here says "this kiosk". */
  kioskId?: string | null;
}) {
  const { t, i18n } = useTranslation();
  if (error) {
    return (
      <section className="verdict tone-refuse" role="status" aria-live="assertive" data-testid="verdict" data-verdict="error">
        <div className="verdict-icon" aria-hidden="true">
          {toneIcon.refuse}
        </div>
        <p className="verdict-word">{t('verdict.unknown')}</p>
        <p className="verdict-detail">{t('verdict.error', { message: error })}</p>
      </section>
    );
  }
  if (!verdict && direction === 'exit') {
    // An exit door says so while it waits: word, arrow and blue, like its verdicts.
    return (
      <section className="verdict tone-idle idle-exit" role="status" aria-live="polite" data-testid="verdict" data-verdict="none" data-mode="exit">
        <div className="verdict-icon" aria-hidden="true">
          {toneIcon.exit}
        </div>
        <p className="verdict-word">{t('desk.readyExit')}</p>
        <p className="verdict-detail">{t('desk.readyExitHint')}</p>
      </section>
    );
  }
  if (!verdict) {
    return (
      <section className="verdict tone-idle" role="status" aria-live="polite" data-testid="verdict" data-verdict="none">
        <p className="verdict-word">{t('desk.ready')}</p>
        <p className="verdict-detail">{t('desk.readyHint')}</p>
      </section>
    );
  }
  const { result } = verdict;
  const tone = toneOf(result.verdict);
  const guest = result.attendee;
  return (
    <section
      className={`verdict tone-${tone}`}
      role="status"
      aria-live="assertive"
      data-testid="verdict"
      data-verdict={result.verdict}
      data-code={verdict.code}
      data-source={verdict.source}
      data-recorded={result.checkinId ? 'true' : 'false'}
    >
      <div className="verdict-icon" aria-hidden="true">
        {toneIcon[tone]}
      </div>
      <p className="verdict-word" data-testid="verdict-word">
        {t(verdictWordKey(result))}
      </p>
      {guest && (
        <p className="verdict-name" data-testid="verdict-name">
          {nameOf(guest)}
        </p>
      )}
      {guest && (
        <p className="verdict-ticket">
          {/* A VIP ticket type is said once, by the VIP mark. */}
          {!(guest.vip && guest.ticketType.toUpperCase() === 'VIP') && <span className="ticket-type">{guest.ticketType}</span>}
          {guest.vip && <span className="vip">{t('verdict.vip')}</span>}
          {guest.company && <span>{guest.company}</span>}
        </p>
      )}
      {guest?.note && <p className="verdict-note">{t('verdict.note', { note: guest.note })}</p>}
      {result.verdict === 'already_in' && result.previous && (
        <p className="verdict-detail" data-testid="verdict-previous">
          {t('verdict.alreadyInAt', {
            time: timeOf(result.previous.at, i18n.language),
            kiosk:
              result.previous.kioskId === kioskId
                ? t('verdict.thisKiosk', { id: kioskId })
                : saysKiosk(result.previous.kioskId)
                  ? result.previous.kioskId
                  : t('verdict.kioskId', { id: result.previous.kioskId }),
          })}
        </p>
      )}
      {!guest && result.verdict === 'unknown' && <p className="verdict-detail verdict-code">{t('verdict.code', { code: verdict.code.slice(0, 60) })}</p>}
    </section>
  );
}
