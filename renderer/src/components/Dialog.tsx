/**
 * A modal dialog on the native <dialog> (showModal): focus moves in and is kept there, Escape
 * closes, the page behind is inert, and focus returns to where it was.
 */
import { useEffect, useId, useRef, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

export function Dialog({ title, onClose, children, testId, wide }: { title: string; onClose(): void; children: ReactNode; testId: string; wide?: boolean }) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const { t } = useTranslation();
  useEffect(() => {
    const dialog = ref.current!;
    const before = document.activeElement as HTMLElement | null;
    if (!dialog.open) dialog.showModal();
    // showModal focuses the first focusable element (the Close button); the first field is where
    // the user starts (React's autoFocus renders no attribute the dialog could see).
    dialog.querySelector<HTMLElement>('[data-autofocus], input, select, textarea')?.focus();
    const cancel = (event: Event) => {
      event.preventDefault();
      onClose();
    };
    dialog.addEventListener('cancel', cancel);
    return () => {
      dialog.removeEventListener('cancel', cancel);
      if (dialog.open) dialog.close();
      before?.focus?.();
    };
  }, [onClose]);
  return (
    <dialog ref={ref} className={wide ? 'dialog wide' : 'dialog'} aria-labelledby={titleId} data-testid={testId}>
      <div className="dialog-head">
        <h2 id={titleId}>{title}</h2>
        <button type="button" className="ghost" onClick={onClose}>
          {t('dialog.close')}
        </button>
      </div>
      {children}
    </dialog>
  );
}
