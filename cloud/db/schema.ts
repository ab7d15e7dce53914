/**
 * The cloud's tables as Kysely sees them. Both engines store the same column types: times are ISO
 * 8601 UTC text (they sort as text and match the kiosk's replica), booleans are 0/1 integers, and
 * `seq` is the event's feed order, NULL until the sequencer (../store/sequencer.ts) numbers the row.
 */
export interface MetaTable {
  key: string;
  value: string;
}

export interface EventsTable {
  id: string;
  name: string;
  time_zone: string;
  doors_open: string | null;
  doors_close: string | null;
  /** The last feed sequence number handed out; its row lock is the sequencer's mutex. */
  last_seq: number;
  /** JSON array of the badge field labels guests may set at public registration. */
  guest_badge_fields: string;
  /** What new codes are: 'signed' (AR2, verifiable offline) or 'short' (16 random base32 characters). */
  codes: string;
  /** The last ticket serial handed out (a ticket's id is its serial; AR2 codes carry it). */
  last_serial: number;
  /** The event's accent colour (#rrggbb) for kiosks' self-service screens; null: the app's default. */
  color: string | null;
  created_at: string;
  updated_at: string;
}

export interface TicketTypesTable {
  event_id: string;
  name: string;
  color: string;
  multi_entry: number;
  capacity: number | null;
  /** 1: open to public registration. */
  is_public: number;
  position: number;
  /** What AR2 codes carry for this type (0–127, fixed at creation); null only for types past the 128th from before 0003. */
  type_index: number | null;
  seq: number | null;
  updated_at: string;
}

export interface EventKeysTable {
  event_id: string;
  key_id: string;
  public_key: string;
  private_key: string;
  /** Which of the event's keys (0–255, fixed at creation), what AR2 codes carry; null only past the 256th from before 0003. */
  key_index: number | null;
  active: number;
  created_at: string;
  seq: number | null;
}

export interface AttendeesTable {
  /** The row id; never changes. */
  id: string;
  event_id: string;
  /**
   * The ticket id signed into the code; a re-issue makes a new one (and so a new code). Not the
   * feed's stable `ticketId`: that is `id`.
   */
  ticket_id: string;
  code: string;
  first_name: string;
  last_name: string;
  email: string;
  /** Lower-cased email, the upsert key when no code is given. */
  email_key: string;
  company: string;
  ticket_type: string;
  status: string;
  vip: number;
  note: string;
  badge_fields: string;
  origin: string;
  /** A walk-in's id as the kiosk that registered it made it (the idempotency key); null otherwise. */
  client_id: string | null;
  seq: number | null;
  created_at: string;
  updated_at: string;
}

export interface RevocationsTable {
  event_id: string;
  code: string;
  attendee_id: string | null;
  revoked_at: string;
  seq: number | null;
}

export interface DevicesTable {
  id: string;
  event_id: string;
  name: string;
  token_hash: string;
  /** The only kiosk id this device's token may file check-ins under. */
  kiosk_id: string;
  created_at: string;
  last_seen_at: string | null;
  revoked_at: string | null;
  /** The kiosk unenrolled itself (POST …/devices/self/leave); `revoked_at` is then set too. */
  left_at: string | null;
  /** What the kiosk last reported about its outbox (POST …/report), and when. */
  reported_queue: number | null;
  reported_dead_letters: number | null;
  reported_app_version: string | null;
  reported_at: string | null;
}

export interface SetupCodesTable {
  code_hash: string;
  event_id: string;
  expires_at: string;
  used_at: string | null;
  device_id: string | null;
  created_at: string;
}

export interface CheckinsTable {
  event_id: string;
  /** The kiosk's uuid, the idempotency key. */
  id: string;
  seq: number | null;
  kiosk_id: string;
  code: string;
  attendee_id: string | null;
  ticket_type: string | null;
  direction: string;
  at: string;
  verdict: string;
  result: string;
  recorded: number;
  flagged: number;
  other_kiosk_id: string | null;
  other_at: string | null;
  /** duplicate_entry: the other admission's id (null for rows from before 0004). */
  other_id: string | null;
  device_id: string | null;
  /** The cloud's time when the batch was decided (under the ticket's lock): the arrival order. */
  received_at: string;
  /**
   * The row's place among its attendee's check-ins in arrival order, counted under the ticket's
   * lock: it orders check-ins of one ticket that arrived with one `received_at` (one batch, or a
   * manual clock). Null without an attendee.
   */
  arrival: number | null;
  /** 1 once an undo names it: it no longer counts anywhere (the row stays). */
  undone: number;
  /** JSON of the result this check-in got when it was first ingested: what every replay gets. */
  answer: string | null;
}

/** Accepted undos (one per check-in); a refused undo is not stored (asked again, it is decided again). */
export interface UndosTable {
  event_id: string;
  /** The kiosk's uuid for the undo, the idempotency key. */
  id: string;
  checkin_id: string;
  kiosk_id: string;
  at: string;
  reason: string;
  device_id: string | null;
  received_at: string;
  seq: number | null;
}

export interface UsersTable {
  id: string;
  email: string;
  /** Lower-cased email: what sign-in looks up. */
  email_key: string;
  /** `scrypt$N$r$p$salt$hash` (base64url salt and hash; ../store/users.ts). */
  password_hash: string;
  created_at: string;
  updated_at: string;
}

export interface SessionsTable {
  /** SHA-256 of the session cookie's value (the cookie itself is never stored). */
  token_hash: string;
  user_id: string;
  /** What the console sends back in `x-csrf-token` on every state-changing call. */
  csrf_token: string;
  created_at: string;
  /** Idle expiry counts from here (written at most once a minute). */
  last_seen_at: string;
}

export interface EmailOutboxTable {
  id: string;
  event_id: string;
  attendee_id: string;
  /** 'ticket': the attendee's ticket with its QR (the current code, read when it is sent). */
  kind: string;
  to_address: string;
  /** pending (waiting or retrying), sent, failed (gave up; a manager may resend). */
  status: 'pending' | 'sent' | 'failed';
  attempts: number;
  /** When the sender may next try it (also a claim: a sender moves it ahead before sending). */
  next_attempt_at: string;
  last_error: string | null;
  created_at: string;
  updated_at: string;
  sent_at: string | null;
}

export interface CloudDatabase {
  meta: MetaTable;
  events: EventsTable;
  ticket_types: TicketTypesTable;
  event_keys: EventKeysTable;
  attendees: AttendeesTable;
  revocations: RevocationsTable;
  devices: DevicesTable;
  setup_codes: SetupCodesTable;
  checkins: CheckinsTable;
  undos: UndosTable;
  users: UsersTable;
  sessions: SessionsTable;
  email_outbox: EmailOutboxTable;
}
