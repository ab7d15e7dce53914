/**
 * Which column of an attendee list holds which attendee field. Known exports (layouts.ts: pretix,
 * Eventbrite, Hi.Events, Tito, Luma, Meetup, in English and German) are recognised by their
 * headers; anything else by common column names; `--map "Column=field"` overrides either, and
 * `--map "Column=-"` leaves a column unused whatever detection made of it. Fields
 * are the keys `search --json` prints, plus `name` for a full name to split, plus
 * `badgeFields.Label` for a free badge field. Every decision carries its reason, for the dry run.
 */
import { ArrivalsError } from '../../contract/errors';
import { genericColumns, genericStatuses, layouts, type Layout } from './layouts';
import type { StatusKind } from './values';

export const importFields = ['code', 'eventId', 'firstName', 'lastName', 'name', 'email', 'company', 'ticketType', 'status', 'vip', 'note'] as const;
export type ImportField = (typeof importFields)[number];

export interface StatusColumn {
  index: number;
  kind: StatusKind;
}

export interface ColumnMapping {
  /** Which platform the headers look like: 'pretix', 'eventbrite', 'hi.events', 'tito', 'luma', 'meetup' or 'generic'. */
  format: string;
  /** Which of its exports: "order positions", "check-in list", "attendee report"… ('list' for generic). */
  layout: string;
  language: 'en' | 'de' | null;
  /** 0–1: how many of the layout's characteristic headers the file has. */
  confidence: number;
  /** Field → column index in the file (`status` is in `statuses`). */
  fields: Partial<Record<Exclude<ImportField, 'status'>, number>>;
  /** The status columns, each with its vocabulary; the strictest answer wins. */
  statuses: StatusColumn[];
  /** Every row's status when there is no status column (a pretix check-in list of paid orders only). */
  impliedStatus?: 'valid';
  /** Badge label → column index. */
  badgeFields: Record<string, number>;
  /** pretix legacy position exports carry no scannable secret: the code is "ORDER-POSITION". */
  derivedCode?: { order: number; position: number };
  /** Why each column is used or not, one entry per column of the file. */
  reasons: ColumnReason[];
  warnings: string[];
  /** Why the whole file would be refused (missing columns, an orders sheet), or null. */
  problem: string | null;
  /** Fields given with --map. */
  mapped?: string[];
}

export interface ColumnReason {
  index: number;
  column: string;
  /** The attendee field it fills ("code", "status", "badgeFields.Track"…), or null when unused. */
  field: string | null;
  why: string;
}

/** Header text reduced to letters and digits: "Barcode #" → "barcode", "E-Mail" → "email". */
export function headerKey(header: string): string {
  return header.normalize('NFKD').replace(/[^\p{L}\p{N}]+/gu, '').toLowerCase();
}

type Aliases = Partial<Record<ImportField, string[]>>;

/** The mapping for these headers, or throws ArrivalsError('bad_input') with the reason the file cannot be imported. */
export function detectMapping(headers: readonly string[], explicit: readonly string[] = []): ColumnMapping {
  const mapping = analyseHeaders(headers, explicit);
  if (mapping.problem) throw new ArrivalsError('bad_input', mapping.problem);
  return mapping;
}

/** The mapping for these headers and why, never throwing for a missing column (`problem` says it); a bad --map still throws. */
export function analyseHeaders(headers: readonly string[], explicit: readonly string[] = []): ColumnMapping {
  const keys = headers.map(headerKey);
  const candidates = layouts
    .filter((l) => l.signature.every((group) => group.some((k) => keys.includes(k))) && !(l.without ?? []).some((k) => keys.includes(k)))
    .map((l) => fromLayout(l, headers, keys))
    .sort((a, b) => b.confidence - a.confidence);
  const generic = fromGeneric(headers, keys);
  const usable = candidates.find((m) => !m.problem);
  // A list that merely shares a few headers with a platform's export (an "Order" and an
  // "Attendee" column) is read as a generic list when that works and the platform's would not.
  let mapping = usable ?? (candidates[0] && (candidates[0].confidence >= 0.5 || generic.problem) ? candidates[0] : generic);
  if (explicit.length > 0) mapping = applyExplicitMap(mapping, headers, explicit);
  mapping.reasons = explainColumns(mapping, headers);
  return mapping;
}

function fromLayout(layout: Layout, headers: readonly string[], keys: readonly string[]): ColumnMapping {
  // Signature groups count once each: alternatives of one group are one header.
  const total = layout.signature.length + new Set(layout.typical.filter((k) => !layout.signature.flat().includes(k))).size;
  const matched = layout.signature.length + layout.typical.filter((k) => !layout.signature.flat().includes(k) && keys.includes(k)).length;
  const mapping: ColumnMapping = {
    format: layout.platform, layout: layout.layout, language: layout.language,
    confidence: Math.round((Math.min(matched, total) / total) * 100) / 100,
    fields: {}, statuses: [], badgeFields: {}, reasons: [], warnings: [...(layout.warnings ?? [])], problem: null,
  };
  mapFields(mapping, keys, layout.columns);
  mapStatuses(mapping, keys, layout.statuses);
  if (mapping.statuses.length === 0 && layout.impliedStatus) mapping.impliedStatus = layout.impliedStatus;
  if (layout.refuse) {
    mapping.problem = layout.refuse;
    return mapping;
  }
  if (mapping.fields.code === undefined && layout.derivedCode) {
    const order = firstIndex(keys, layout.derivedCode.order);
    const position = firstIndex(keys, layout.derivedCode.position);
    if (order !== -1 && position !== -1) {
      mapping.derivedCode = { order, position };
      mapping.warnings.push(layout.derivedCode.warning);
    }
  }
  mapping.problem = missingColumns(mapping, headers, layout.codeHint);
  return mapping;
}

function fromGeneric(headers: readonly string[], keys: readonly string[]): ColumnMapping {
  const mapping: ColumnMapping = {
    format: 'generic', layout: 'list', language: null, confidence: 0,
    fields: {}, statuses: [], badgeFields: {}, reasons: [], warnings: [], problem: null,
  };
  mapFields(mapping, keys, genericColumns);
  mapStatuses(mapping, keys, genericStatuses);
  mapping.problem = missingColumns(mapping, headers);
  const known = Object.keys(mapping.fields).length + mapping.statuses.length;
  mapping.confidence = mapping.problem ? 0 : Math.round(Math.min(1, 0.3 + 0.1 * known) * 100) / 100;
  return mapping;
}

function firstIndex(keys: readonly string[], aliases: readonly string[]): number {
  for (const alias of aliases) {
    const index = keys.indexOf(alias);
    if (index !== -1) return index;
  }
  return -1;
}

function mapFields(mapping: ColumnMapping, keys: readonly string[], aliases: Aliases): void {
  for (const field of importFields) {
    if (field === 'status') continue;
    // The first matching alias wins, and of it the first column: pretix lists the attendee's
    // company before the invoice address's.
    const index = firstIndex(keys, aliases[field] ?? []);
    if (index !== -1) mapping.fields[field] = index;
  }
}

function mapStatuses(mapping: ColumnMapping, keys: readonly string[], rules: ReadonlyArray<{ keys: string[]; kind: StatusKind }>): void {
  for (const rule of rules) {
    const index = firstIndex(keys, rule.keys);
    if (index !== -1 && !mapping.statuses.some((s) => s.index === index)) mapping.statuses.push({ index, kind: rule.kind });
  }
}

/** The --map field that leaves a column unused ("Company=-"). */
export const unusedField = '-';

/** `Source column=field` entries; the last `=` splits, so a column name may contain one. */
function applyExplicitMap(detected: ColumnMapping, headers: readonly string[], entries: readonly string[]): ColumnMapping {
  const mapping: ColumnMapping = { ...detected, fields: { ...detected.fields }, statuses: [...detected.statuses], badgeFields: { ...detected.badgeFields }, warnings: [...detected.warnings] };
  const explicitFields = new Set<string>();
  for (const entry of entries) {
    const eq = entry.lastIndexOf('=');
    const column = entry.slice(0, eq).trim();
    const field = entry.slice(eq + 1).trim();
    if (eq === -1 || !column || !field) throw new ArrivalsError('bad_input', `--map "${entry}": expected "Source column=field"`);
    const index = findColumn(headers, column);
    if (index === -1) throw new ArrivalsError('bad_input', `--map "${entry}": the file has no column "${column}" (columns: ${listColumns(headers)})`);
    if (field === unusedField) {
      for (const [f, i] of Object.entries(mapping.fields)) if (i === index) delete mapping.fields[f as keyof ColumnMapping['fields']];
      mapping.statuses = mapping.statuses.filter((s) => s.index !== index);
      for (const [label, i] of Object.entries(mapping.badgeFields)) if (i === index) delete mapping.badgeFields[label];
      if (mapping.derivedCode && (mapping.derivedCode.order === index || mapping.derivedCode.position === index)) delete mapping.derivedCode;
      continue;
    }
    if (field === 'badgeFields' || field.startsWith('badgeFields.')) {
      const label = field === 'badgeFields' ? headers[index]!.trim() : field.slice('badgeFields.'.length).trim();
      if (!label || label.length > 64) throw new ArrivalsError('bad_input', `--map "${entry}": a badge field label is 1 to 64 characters`);
      mapping.badgeFields[label] = index;
      continue;
    }
    if (!(importFields as readonly string[]).includes(field)) {
      throw new ArrivalsError('bad_input', `--map "${entry}": unknown field "${field}" (fields: ${importFields.join(', ')}, badgeFields.LABEL, - for not used)`);
    }
    explicitFields.add(field);
    if (field === 'status') {
      if (!explicitFields.has('status:seen')) mapping.statuses = [];
      delete mapping.impliedStatus;
      explicitFields.add('status:seen');
      mapping.statuses.push({ index, kind: 'status' });
    } else {
      mapping.fields[field as Exclude<ImportField, 'status'>] = index;
    }
  }
  mapping.mapped = [...explicitFields].filter((f) => !f.includes(':'));
  // A name given explicitly replaces detected name columns rather than mixing with them.
  if (explicitFields.has('name') && !explicitFields.has('firstName')) delete mapping.fields.firstName;
  if (explicitFields.has('name') && !explicitFields.has('lastName')) delete mapping.fields.lastName;
  if ((explicitFields.has('firstName') || explicitFields.has('lastName')) && !explicitFields.has('name')) delete mapping.fields.name;
  if (explicitFields.has('code')) {
    delete mapping.derivedCode;
    mapping.warnings = mapping.warnings.filter((w) => !w.startsWith('codes derived'));
  }
  // --map can complete what detection lacked, but not turn an orders sheet into tickets.
  const refusedLayout = layouts.find((l) => l.platform === mapping.format && l.layout === mapping.layout && l.refuse);
  mapping.problem = refusedLayout && !explicitFields.has('code') ? refusedLayout.refuse! : missingColumns(mapping, headers);
  return mapping;
}

function findColumn(headers: readonly string[], column: string): number {
  const exact = headers.findIndex((h) => h.trim() === column);
  if (exact !== -1) return exact;
  const lower = headers.findIndex((h) => h.trim().toLowerCase() === column.toLowerCase());
  if (lower !== -1) return lower;
  const key = headerKey(column);
  return key ? headers.findIndex((h) => headerKey(h) === key) : -1;
}

function missingColumns(mapping: ColumnMapping, headers: readonly string[], codeHint?: string): string | null {
  const f = mapping.fields;
  const noCode = f.code === undefined && !mapping.derivedCode;
  const noName = f.name === undefined && f.firstName === undefined && f.lastName === undefined;
  if (noCode && codeHint && !noName) return codeHint;
  const missing: string[] = [];
  if (noCode) missing.push(codeHint ?? 'the ticket code (e.g. "code", "Barcode #")');
  if (noName) missing.push('a name ("name", or "First Name" and "Last Name")');
  if (missing.length === 0) return null;
  return (
    `missing required column${missing.length > 1 ? 's' : ''}: ${missing.join('; ')}. Columns in the file: ${listColumns(headers)}. ` +
    'Name them with --map "Column=field".'
  );
}

const fieldWords: Record<string, string> = {
  code: 'the ticket code', eventId: 'the event id', firstName: 'the first name', lastName: 'the last name', name: 'the full name (split into first and last)',
  email: 'the email', company: 'the company', ticketType: 'the ticket type', status: 'the status', vip: 'the attention flag (VIP)', note: 'the attention note',
};

const statusWhy: Record<StatusKind, string> = {
  status: 'status words (valid, pending, cancelled, refunded, and the platform\'s own)',
  paid: 'Yes → valid, No → pending',
  blocked: 'Yes → cancelled, blank → valid',
  rsvp: 'Yes → valid, No → cancelled, Waitlist → pending',
  void: 'void → cancelled, blank → valid',
};

function explainColumns(mapping: ColumnMapping, headers: readonly string[]): ColumnReason[] {
  const source = mapping.format === 'generic' ? 'a common column name for' : `${describeLayout(mapping)}: its column for`;
  const reasons: ColumnReason[] = headers.map((column, index) => ({ index, column, field: null, why: 'not used' }));
  const mapped = new Set(mapping.mapped ?? []);
  const by = (field: string) => (mapped.has(field) ? 'given with --map:' : source);
  for (const [field, index] of Object.entries(mapping.fields)) {
    reasons[index] = { index, column: headers[index]!, field, why: `${by(field)} ${fieldWords[field]}` };
  }
  if (mapping.fields.name !== undefined && (mapping.fields.firstName !== undefined || mapping.fields.lastName !== undefined)) {
    const index = mapping.fields.name;
    reasons[index] = { ...reasons[index]!, why: `${reasons[index]!.why}; used when the name parts of a row are empty` };
  }
  for (const status of mapping.statuses) {
    reasons[status.index] = { index: status.index, column: headers[status.index]!, field: 'status', why: `${by('status')} the status: ${statusWhy[status.kind]}` };
  }
  if (mapping.derivedCode) {
    for (const index of [mapping.derivedCode.order, mapping.derivedCode.position]) {
      reasons[index] = { index, column: headers[index]!, field: 'code', why: 'no ticket secret column: the code is derived as ORDER-POSITION' };
    }
  }
  for (const [label, index] of Object.entries(mapping.badgeFields)) {
    reasons[index] = { index, column: headers[index]!, field: `badgeFields.${label}`, why: 'given with --map' };
  }
  return reasons;
}

export function describeLayout(mapping: Pick<ColumnMapping, 'format' | 'layout' | 'language'>): string {
  if (mapping.format === 'generic') return 'a generic list';
  const names: Record<string, string> = { pretix: 'pretix', eventbrite: 'Eventbrite', 'hi.events': 'Hi.Events', tito: 'Tito', luma: 'Luma', meetup: 'Meetup' };
  return `${names[mapping.format] ?? mapping.format} ${mapping.layout}${mapping.language === 'de' ? ' (German)' : ''}`;
}

function listColumns(headers: readonly string[]): string {
  const shown = headers.slice(0, 20).map((h) => `"${h}"`).join(', ');
  return headers.length > 20 ? `${shown}, …` : shown;
}
