/** Times as staff read them, in the UI's language. */
export function timeOf(iso: string | null | undefined, language: string): string {
  if (!iso) return '';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat(language, { hour: '2-digit', minute: '2-digit', second: '2-digit' }).format(date);
}

export function nameOf(a: { firstName: string; lastName: string } | null | undefined): string {
  return a ? `${a.firstName} ${a.lastName}`.trim() : '';
}

/** A kiosk id that names itself ("kiosk-ad91e4bd") is shown alone, never as "kiosk kiosk-ad91e4bd". */
export function saysKiosk(id: string): boolean {
  return /^kiosk\b/i.test(id);
}
