/**
 * The export layouts recognised without `--map`, from each platform's own exporter source or
 * documentation (main/core/import/README.md lists the sources). Header texts are compared as
 * `headerKey`s: letters and digits only, lower case, accents dropped ("Attendee name: First name"
 * → "attendeenamefirstname", "Benötigt besondere Behandlung" → "benotigtbesonderebehandlung").
 */
import type { ImportField } from './mapping';
import type { StatusKind } from './values';

export interface Layout {
  platform: 'pretix' | 'eventbrite' | 'hi.events' | 'tito' | 'luma' | 'meetup';
  /** What was recognised, for people: "check-in list", "order positions", "attendee summary". */
  layout: string;
  language: 'en' | 'de' | null;
  /** Every group must have one of its keys in the headers. */
  signature: string[][];
  /** None of these may be there (tells apart layouts that share a signature). */
  without?: string[];
  /** Further headers of the layout: each one present raises the confidence. */
  typical: string[];
  /** Field → header keys, first match wins. */
  columns: Partial<Record<ImportField, string[]>>;
  /** Status columns: each present one is read with its vocabulary; the strictest answer wins. */
  statuses: Array<{ keys: string[]; kind: StatusKind }>;
  /** The status of every row when the file has none of `statuses` (a check-in list without pending orders holds paid ones only). */
  impliedStatus?: 'valid';
  /** No code column: derive "ORDER-POSITION" from these two (pretix's legacy positions export). */
  derivedCode?: { order: string[]; position: string[]; warning: string };
  /** Why the file cannot be imported at all, with what to export instead (an orders sheet). */
  refuse?: string;
  /** Said when the code column is missing, instead of the generic message. */
  codeHint?: string;
  warnings?: string[];
}

// pretix: src/pretix/base/exporters/orderlist.py (Order data: Orders / Order positions sheets),
// src/pretix/plugins/checkinlists/exporters.py (CSVCheckinList), German labels from
// src/pretix/locale/de/LC_MESSAGES/django.po.
const pretixNames = {
  // "Attendee name: <part>" for every part of every name scheme (Given name, First name, Family name…).
  en: {
    name: ['attendeename'],
    firstName: ['attendeenamefirstname', 'attendeenamegivenname', 'attendeenamecallingname'],
    lastName: ['attendeenamefamilyname', 'attendeenamelastname', 'attendeenamesurname'],
  },
  de: {
    name: ['nameteilnehmerin', 'teilnehmername', 'nameteilnehmer'],
    firstName: ['nameteilnehmerinvorname', 'teilnehmernamevorname', 'nameteilnehmerinrufname'],
    lastName: ['nameteilnehmerinnachname', 'nameteilnehmerinfamilienname', 'teilnehmernamenachname', 'teilnehmernamefamilienname'],
  },
};

const pretixLegacyWarning =
  'codes derived from order and position (e.g. ABC12-1) will not match the QR code pretix printed; ' +
  'export "Order data" → "Order positions" again from a pretix with the "Ticket secret" column';
const pretixSecretHint =
  'this pretix check-in list has no QR-code secret: export it again with "Include QR-code secret" ticked ' +
  '(an order code alone is shared by every ticket of the order)';
const pretixOrdersRefusal =
  'this is pretix\'s "Orders" sheet (one row per order, no tickets): export "Order data" and import its "Order positions" sheet ' +
  '(CSV: choose the sheet "Order positions")';

export const layouts: Layout[] = [
  {
    platform: 'pretix', layout: 'order positions', language: 'en',
    signature: [['ordercode'], ['positionid']],
    typical: ['eventslug', 'status', 'email', 'product', 'variation', 'price', 'attendeename', 'attendeeemail', 'company', 'ticketsecret', 'blocked', 'ordercomment', 'pseudonymizationid'],
    columns: {
      code: ['ticketsecret'], ...pretixNames.en, email: ['attendeeemail', 'email'], company: ['company'], ticketType: ['product'],
      vip: ['requiresspecialattention'], note: ['comment', 'ordercomment'],
    },
    statuses: [{ keys: ['status', 'orderstatus'], kind: 'status' }, { keys: ['blocked'], kind: 'blocked' }],
    derivedCode: { order: ['ordercode'], position: ['positionid'], warning: pretixLegacyWarning },
  },
  {
    platform: 'pretix', layout: 'order positions', language: 'de',
    signature: [['bestellnummer'], ['position', 'positionsid']],
    typical: ['kurznamederveranstaltung', 'status', 'email', 'produkt', 'variante', 'preis', 'nameteilnehmerin', 'emailteilnehmerin', 'firma', 'ticketsecret', 'gesperrt', 'bestellkommentar', 'pseudonymeid'],
    columns: {
      code: ['ticketsecret', 'ticketgeheimnis', 'secret'], ...pretixNames.de, email: ['emailteilnehmerin', 'email'], company: ['firma'],
      ticketType: ['produkt'], vip: ['benotigtbesonderebehandlung'], note: ['kommentar', 'bestellkommentar'],
    },
    statuses: [{ keys: ['status', 'bestellstatus'], kind: 'status' }, { keys: ['gesperrt', 'blockiert', 'blocked'], kind: 'blocked' }],
    derivedCode: { order: ['bestellnummer'], position: ['position', 'positionsid'], warning: pretixLegacyWarning },
  },
  {
    platform: 'pretix', layout: 'check-in list', language: 'en',
    signature: [['ordercode'], ['checkedin', 'attendeename']],
    without: ['positionid', 'ordertotal'],
    typical: ['attendeename', 'product', 'price', 'checkedin', 'checkedout', 'automaticallycheckedin', 'paid', 'secret', 'email', 'company', 'vouchercode', 'orderdate', 'requiresspecialattention', 'comment', 'seatid'],
    columns: {
      code: ['secret', 'ticketsecret'], ...pretixNames.en, email: ['attendeeemail', 'email'], company: ['company'], ticketType: ['product'],
      vip: ['requiresspecialattention'], note: ['comment'],
    },
    // Without "include pending" the list holds paid orders only, and has no Paid column.
    statuses: [{ keys: ['paid'], kind: 'paid' }],
    impliedStatus: 'valid',
    codeHint: pretixSecretHint,
  },
  {
    platform: 'pretix', layout: 'check-in list', language: 'de',
    signature: [['bestellnummer'], ['eingecheckt', 'nameteilnehmerin', 'teilnehmername']],
    without: ['position', 'positionsid', 'gesamtbetrag'],
    typical: ['nameteilnehmerin', 'produkt', 'preis', 'eingecheckt', 'ausgecheckt', 'automatischeingecheckt', 'bezahlt', 'secret', 'email', 'firma', 'gutscheincode', 'bestelldatum', 'benotigtbesonderebehandlung', 'kommentar', 'sitzplatzid'],
    columns: {
      code: ['secret', 'ticketsecret', 'geheimnis'], ...pretixNames.de, email: ['emailteilnehmerin', 'email'], company: ['firma'],
      ticketType: ['produkt'], vip: ['benotigtbesonderebehandlung'], note: ['kommentar'],
    },
    statuses: [{ keys: ['bezahlt'], kind: 'paid' }],
    impliedStatus: 'valid',
    codeHint: pretixSecretHint,
  },
  {
    platform: 'pretix', layout: 'orders sheet', language: 'en',
    signature: [['ordercode'], ['ordertotal']], without: ['positionid'],
    typical: ['eventslug', 'status', 'email', 'orderdate', 'positions', 'requiresspecialattention', 'comment'],
    columns: {}, statuses: [], refuse: pretixOrdersRefusal,
  },
  {
    platform: 'pretix', layout: 'orders sheet', language: 'de',
    signature: [['bestellnummer'], ['gesamtbetrag']], without: ['position'],
    typical: ['kurznamederveranstaltung', 'status', 'email', 'bestelldatum', 'positionen', 'benotigtbesonderebehandlung', 'kommentar'],
    columns: {}, statuses: [], refuse: pretixOrdersRefusal,
  },
  {
    // Eventbrite "Attendee summary" and custom attendee reports, US ("Order #", "Last Name",
    // "Attendee #", "Barcode #") and UK ("Order no.", "Surname", "Attendee no.", "Barcode no.").
    platform: 'eventbrite', layout: 'attendee report', language: 'en',
    signature: [['order', 'orderno', 'ordernumber'], ['attendeestatus', 'attendee', 'attendeeno', 'attendeenumber', 'barcode', 'barcodeno']],
    typical: ['orderdate', 'firstname', 'lastname', 'surname', 'email', 'quantity', 'tickettype', 'attendee', 'attendeeno', 'barcode', 'barcodeno', 'attendeestatus'],
    columns: {
      // Only the barcode is what the ticket's QR holds; "Attendee #" is a different number.
      code: ['barcode', 'barcodeno', 'barcodenumber'], firstName: ['firstname'], lastName: ['lastname', 'surname'],
      email: ['email', 'emailaddress'], company: ['company', 'companyname', 'organisation', 'organization'],
      ticketType: ['tickettype'], note: ['notes'],
    },
    statuses: [{ keys: ['attendeestatus'], kind: 'status' }],
    codeHint:
      'this Eventbrite report has no "Barcode #" column, and an attendee number is not the code on the ticket: ' +
      'in Eventbrite, open the Attendee summary report, add the "Barcode #" column, and export it again',
  },
  {
    platform: 'eventbrite', layout: 'orders report', language: 'en',
    signature: [['order', 'orderno', 'ordernumber'], ['totalpaid', 'feespaid', 'eventbritefees', 'grosssales']],
    without: ['barcode', 'barcodeno', 'attendee', 'attendeeno', 'attendeestatus'],
    typical: ['orderdate', 'firstname', 'lastname', 'surname', 'email', 'quantity', 'tickettype'],
    columns: {}, statuses: [],
    refuse: 'this is an Eventbrite orders report (one row per order, no barcodes): export the Attendee summary report with its "Barcode #" column',
  },
  {
    // Hi.Events attendee export: the QR code on its tickets carries the public id.
    platform: 'hi.events', layout: 'attendee export', language: 'en',
    signature: [['publicid'], ['shortid']],
    typical: ['id', 'firstname', 'lastname', 'email', 'status', 'ischeckedin', 'checkedinat', 'productid', 'productname', 'eventid', 'notes'],
    columns: {
      code: ['publicid'], firstName: ['firstname'], lastName: ['lastname'], email: ['email'], ticketType: ['productname', 'ticketname'], note: ['notes'],
    },
    statuses: [{ keys: ['status'], kind: 'status' }],
  },
  {
    // Tito ticket export: "Ticket" is the ticket type; the ticket's reference (GIAO-1) is its code.
    platform: 'tito', layout: 'ticket export', language: 'en',
    signature: [['ticketreference'], ['ticketfullname', 'ticketfirstname', 'ticketlastname', 'ticketemail']],
    typical: ['number', 'ticketcreateddate', 'ticket', 'ticketfullname', 'ticketfirstname', 'ticketlastname', 'ticketemail', 'ticketcompanyname', 'voidstatus', 'price', 'orderreference', 'tags'],
    columns: {
      code: ['ticketreference'], firstName: ['ticketfirstname'], lastName: ['ticketlastname'], name: ['ticketfullname'], email: ['ticketemail'],
      company: ['ticketcompanyname'], ticketType: ['ticket', 'release'],
    },
    statuses: [{ keys: ['voidstatus'], kind: 'void' }],
  },
  {
    // Luma guest export: the check-in QR code holds the guest's qr_code_url.
    platform: 'luma', layout: 'guest export', language: 'en',
    signature: [['apiid'], ['approvalstatus', 'qrcodeurl']],
    typical: ['name', 'firstname', 'lastname', 'email', 'phonenumber', 'createdat', 'approvalstatus', 'checkedinat', 'qrcodeurl', 'amount', 'currency', 'tickettypeid', 'ticketname'],
    columns: {
      code: ['qrcodeurl'], name: ['name'], firstName: ['firstname'], lastName: ['lastname'], email: ['email'], ticketType: ['ticketname'],
    },
    statuses: [{ keys: ['approvalstatus'], kind: 'status' }],
    codeHint: 'this Luma export has no qr_code_url column, which is what the guest\'s QR code holds: export the guest list again with all columns',
  },
  {
    // Meetup attendee list ("Download attendee list"): no tickets, so the member's User ID is the code.
    platform: 'meetup', layout: 'attendee list', language: 'en',
    signature: [['userid'], ['rsvp']],
    typical: ['name', 'attendance', 'title', 'eventhost', 'guests', 'rsvpedon', 'joinedgroupon', 'urlofmemberprofile'],
    columns: { code: ['userid'], name: ['name'] },
    statuses: [{ keys: ['rsvp'], kind: 'rsvp' }],
    warnings: ['Meetup issues no tickets: each guest\'s code is their Meetup User ID, so at the door find guests by name'],
  },
];

/** Any other list (Google Forms, Sheets, a hand-made list): common column names, English and German. */
export const genericColumns: Partial<Record<ImportField, string[]>> = {
  code: ['code', 'ticketcode', 'barcode', 'barcodeno', 'qrcode', 'qr', 'ticketid', 'ticketnumber', 'ticketno', 'ticketreference', 'reference', 'secret', 'ticketsecret', 'ticket', 'ticketnummer'],
  firstName: ['firstname', 'first', 'givenname', 'forename', 'vorname', 'prenom', 'attendeenamefirstname', 'attendeenamegivenname'],
  lastName: ['lastname', 'last', 'surname', 'familyname', 'nachname', 'nom', 'attendeenamefamilyname'],
  name: ['name', 'fullname', 'attendeename', 'attendee', 'guest', 'guestname', 'yourname', 'participant', 'teilnehmer', 'teilnehmerin'],
  email: ['email', 'emailaddress', 'mail', 'attendeeemail', 'emailadresse'],
  company: ['company', 'companyname', 'organization', 'organisation', 'org', 'firma', 'employer', 'unternehmen'],
  ticketType: ['tickettype', 'type', 'category', 'product', 'productname', 'ticketname', 'pass', 'tickettyp', 'kategorie'],
  vip: ['vip', 'isvip', 'requiresspecialattention', 'attention'],
  note: ['note', 'notes', 'comment', 'comments', 'remarks', 'attentionnote', 'kommentar', 'bemerkung', 'anmerkung', 'notiz'],
};

export const genericStatuses: Array<{ keys: string[]; kind: StatusKind }> = [
  { keys: ['status', 'attendeestatus', 'ticketstatus', 'orderstatus', 'approvalstatus', 'registrationstatus'], kind: 'status' },
  { keys: ['rsvp'], kind: 'rsvp' },
];
