/** English and German. The choice is kept in localStorage; the page's lang attribute follows it. */
import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';

const en = {
  title: 'Arrivals console',
  language: 'Language',
  admin: 'admin token',
  signOut: 'Sign out',
  signIn: { email: 'Email', password: 'Password', submit: 'Sign in', wrong: 'Wrong email or password.', tooMany: 'Too many attempts. Wait a minute and try again.' },
  events: { title: 'Events', new: 'New event', pick: 'Pick an event on the left, or create one.' },
  screens: { label: 'Event sections', dashboard: 'Live', attendees: 'Attendees', import: 'Import CSV', devices: 'Kiosks', emails: 'Emails', settings: 'Settings' },
  settings: {
    title: 'Event settings', id: 'Event id (optional)', name: 'Name', timeZone: 'Time zone (IANA, e.g. Europe/Berlin)', doorsOpen: 'Doors open (your local time)',
    doorsClose: 'Doors close (your local time)', guestFields: 'Badge fields guests fill in (comma-separated)', codes: 'Ticket codes',
    codesSigned: 'Signed (work offline on kiosks)', codesShort: 'Short (scan from farther away)', types: 'Ticket types', typeName: 'Name', color: 'Colour',
    capacity: 'Capacity', unlimited: 'unlimited', public: 'Public registration', multiEntry: 'Multiple entries', addType: 'Add a ticket type',
    registration: 'Registration page', save: 'Save', create: 'Create event', saved: 'Saved.',
    accent: 'Accent colour of self-service kiosks', accentNone: 'the app’s default', accentReset: 'Use the default',
  },
  attendees: {
    search: 'Search', export: 'Export attendees (CSV)', exportCheckins: 'Export check-ins (CSV)', total_one: '{{count}} attendee', total_other: '{{count}} attendees',
    name: 'Name', email: 'Email', company: 'Company', type: 'Ticket type', status: 'Status', mail: 'Ticket mail', actions: 'Actions',
    cancel: 'Cancel', reissue: 'Re-issue', resend: 'Resend mail', previous: 'Previous', next: 'Next', range: '{{from}}–{{to}} of {{total}}',
    done: { cancel: 'Ticket cancelled.', reissue: 'Ticket re-issued with a new code.', email: 'Ticket mail queued.' },
  },
  status: { valid: 'valid', cancelled: 'cancelled', refunded: 'refunded', pending: 'pending' },
  mailStatus: { none: '—', pending: 'waiting', sent: 'sent', failed: 'failed' },
  import: {
    title: 'Import attendees from CSV', file: 'CSV file', summary: '{{format}}: {{rows}} rows, {{errors}} refused.', mapping: 'Columns',
    column: 'Column in the file', field: 'Attendee field', why: 'Why', ignore: '(not imported)', badgeField: 'badge field', firstRows: 'First rows', line: 'Line',
    code: 'Code', refusedRows: 'Refused rows', reason: 'Reason', start: 'Import', progress: 'Upload', result: '{{created}} created, {{updated}} updated, {{rejected}} refused.',
  },
  devices: {
    add: 'Add a kiosk', scan: 'Scan this code from the kiosk’s setup screen, or type the code.', qrAlt: 'Setup QR code for a kiosk', code: 'Setup code',
    expires: 'Valid until {{time}}, once.', done: 'Done', name: 'Name', kioskId: 'Kiosk', lastSeen: 'Last seen', queue: 'Queue (last reported)',
    state: 'State', active: 'active', revoked: 'revoked', left: 'left (unenrolled {{time}})', revoke: 'Revoke', refresh: 'Refresh', confirmRevoke: 'Revoke {{name}}? It can no longer sync.',
  },
  emails: {
    title: 'Emails not sent yet', noSmtp: 'No SMTP server is configured (ARRIVALS_SMTP_URL): mail waits in the outbox.', none: 'Every ticket mail has been sent.',
    status: 'Status', attempts: 'Attempts', error: 'Last error', next: 'Next try', resend: 'Send again',
  },
  dashboard: {
    loading: 'Loading…', live: 'live', offline: 'reconnecting', inside: 'Inside now', admitted: 'Admitted', ofExpected: 'of {{expected}} expected',
    flagged: 'Flagged double admissions', arrivals: 'Arrivals per 5 minutes', entries: 'Entries', byType: 'By ticket type', expected: 'Expected',
    kiosks: 'Per kiosk', checkins: 'Check-ins', duplicates: 'Double admissions', noDuplicates: 'None so far.', kiosk: 'Kiosk', at: 'At',
    otherKiosk: 'Other kiosk', otherAt: 'Other at',
  },
};

const de: typeof en = {
  title: 'Arrivals-Konsole',
  language: 'Sprache',
  admin: 'Admin-Token',
  signOut: 'Abmelden',
  signIn: { email: 'E-Mail', password: 'Passwort', submit: 'Anmelden', wrong: 'E-Mail oder Passwort falsch.', tooMany: 'Zu viele Versuche. Bitte eine Minute warten.' },
  events: { title: 'Veranstaltungen', new: 'Neue Veranstaltung', pick: 'Wählen Sie links eine Veranstaltung oder legen Sie eine an.' },
  screens: { label: 'Bereiche der Veranstaltung', dashboard: 'Live', attendees: 'Teilnehmende', import: 'CSV-Import', devices: 'Kiosks', emails: 'E-Mails', settings: 'Einstellungen' },
  settings: {
    title: 'Einstellungen', id: 'Kennung (optional)', name: 'Name', timeZone: 'Zeitzone (IANA, z. B. Europe/Berlin)', doorsOpen: 'Einlass ab (Ihre Ortszeit)',
    doorsClose: 'Einlass bis (Ihre Ortszeit)', guestFields: 'Badge-Felder für Gäste (durch Kommas getrennt)', codes: 'Ticket-Codes',
    codesSigned: 'Signiert (am Kiosk offline prüfbar)', codesShort: 'Kurz (aus größerer Entfernung lesbar)', types: 'Ticketarten', typeName: 'Name', color: 'Farbe',
    capacity: 'Kontingent', unlimited: 'unbegrenzt', public: 'Öffentliche Anmeldung', multiEntry: 'Mehrfacher Einlass', addType: 'Ticketart hinzufügen',
    registration: 'Anmeldeseite', save: 'Speichern', create: 'Veranstaltung anlegen', saved: 'Gespeichert.',
    accent: 'Akzentfarbe der Selbstbedienungs-Kiosks', accentNone: 'Standard der App', accentReset: 'Standard verwenden',
  },
  attendees: {
    search: 'Suche', export: 'Teilnehmende exportieren (CSV)', exportCheckins: 'Check-ins exportieren (CSV)', total_one: '{{count}} Person', total_other: '{{count}} Personen',
    name: 'Name', email: 'E-Mail', company: 'Firma', type: 'Ticketart', status: 'Status', mail: 'Ticket-Mail', actions: 'Aktionen',
    cancel: 'Stornieren', reissue: 'Neu ausstellen', resend: 'Mail erneut senden', previous: 'Zurück', next: 'Weiter', range: '{{from}}–{{to}} von {{total}}',
    done: { cancel: 'Ticket storniert.', reissue: 'Ticket mit neuem Code ausgestellt.', email: 'Ticket-Mail eingereiht.' },
  },
  status: { valid: 'gültig', cancelled: 'storniert', refunded: 'erstattet', pending: 'ausstehend' },
  mailStatus: { none: '—', pending: 'wartet', sent: 'gesendet', failed: 'fehlgeschlagen' },
  import: {
    title: 'Teilnehmende aus CSV importieren', file: 'CSV-Datei', summary: '{{format}}: {{rows}} Zeilen, {{errors}} abgelehnt.', mapping: 'Spalten',
    column: 'Spalte in der Datei', field: 'Feld', why: 'Warum', ignore: '(nicht importieren)', badgeField: 'Badge-Feld', firstRows: 'Erste Zeilen', line: 'Zeile',
    code: 'Code', refusedRows: 'Abgelehnte Zeilen', reason: 'Grund', start: 'Importieren', progress: 'Hochladen', result: '{{created}} neu, {{updated}} aktualisiert, {{rejected}} abgelehnt.',
  },
  devices: {
    add: 'Kiosk hinzufügen', scan: 'Scannen Sie diesen Code im Einrichtungsbildschirm des Kiosks oder tippen Sie den Code ein.', qrAlt: 'Einrichtungs-QR-Code für einen Kiosk',
    code: 'Einrichtungscode', expires: 'Gültig bis {{time}}, einmalig.', done: 'Fertig', name: 'Name', kioskId: 'Kiosk', lastSeen: 'Zuletzt gesehen',
    queue: 'Warteschlange (zuletzt gemeldet)', state: 'Zustand', active: 'aktiv', revoked: 'gesperrt', left: 'abgemeldet ({{time}})', revoke: 'Sperren', refresh: 'Aktualisieren',
    confirmRevoke: '{{name}} sperren? Das Gerät kann dann nicht mehr synchronisieren.',
  },
  emails: {
    title: 'Noch nicht gesendete E-Mails', noSmtp: 'Kein SMTP-Server eingerichtet (ARRIVALS_SMTP_URL): die Mails warten im Postausgang.', none: 'Alle Ticket-Mails sind gesendet.',
    status: 'Status', attempts: 'Versuche', error: 'Letzter Fehler', next: 'Nächster Versuch', resend: 'Erneut senden',
  },
  dashboard: {
    loading: 'Lädt…', live: 'live', offline: 'verbindet neu', inside: 'Jetzt drinnen', admitted: 'Eingelassen', ofExpected: 'von {{expected}} erwartet',
    flagged: 'Markierte Doppeleinlässe', arrivals: 'Ankünfte pro 5 Minuten', entries: 'Einlässe', byType: 'Nach Ticketart', expected: 'Erwartet',
    kiosks: 'Pro Kiosk', checkins: 'Check-ins', duplicates: 'Doppeleinlässe', noDuplicates: 'Bisher keine.', kiosk: 'Kiosk', at: 'Um',
    otherKiosk: 'Anderer Kiosk', otherAt: 'Anderer Zeitpunkt',
  },
};

const stored = (() => {
  try {
    return localStorage.getItem('arrivals.console.lang');
  } catch {
    return null;
  }
})();
const initial = stored === 'de' || stored === 'en' ? stored : navigator.language.toLowerCase().startsWith('de') ? 'de' : 'en';

void i18next.use(initReactI18next).init({
  resources: { en: { translation: en }, de: { translation: de } },
  lng: initial,
  fallbackLng: 'en',
  interpolation: { escapeValue: false },
});
document.documentElement.lang = initial;

export function setLanguage(lang: string): void {
  void i18next.changeLanguage(lang);
  document.documentElement.lang = lang;
  try {
    localStorage.setItem('arrivals.console.lang', lang);
  } catch {
    // Private mode: the choice lasts for this page only.
  }
}
