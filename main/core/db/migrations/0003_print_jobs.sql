-- 0003_print_jobs: the durable badge print queue and the per-attendee print log.
-- A job is written before anything is sent to a printer, so a crash never loses a queued badge;
-- jobs found 'printing' when the kiosk starts were interrupted and go back to 'queued'.

CREATE TABLE print_jobs (
  id              TEXT PRIMARY KEY,               -- uuid
  attendee_code   TEXT NOT NULL,                  -- the ticket code; the badge is rendered from the replica at print time
  printer         TEXT NOT NULL,                  -- a printer name from `arrivals printers`
  template        TEXT NOT NULL,                  -- a template name from `arrivals templates`
  reason          TEXT NOT NULL CHECK (reason IN ('auto', 'manual', 'reprint')),  -- auto: printed at check-in
  state           TEXT NOT NULL CHECK (state IN ('queued', 'printing', 'done', 'failed')),
  attempts        INTEGER NOT NULL DEFAULT 0,
  max_attempts    INTEGER NOT NULL DEFAULT 3,
  next_attempt_at TEXT NOT NULL,                  -- a queued job is not tried before this (retry back-off)
  error           TEXT,                           -- the readable reason of the last failure ("printer offline")
  created_at      TEXT NOT NULL,
  updated_at      TEXT NOT NULL,
  finished_at     TEXT
);
CREATE INDEX print_jobs_due ON print_jobs(next_attempt_at) WHERE state = 'queued';
CREATE INDEX print_jobs_attendee ON print_jobs(attendee_code, created_at);

-- One row per badge that came out of a printer. Auto-print looks here first, so a guest who scans
-- twice (or a kiosk that restarts mid-queue) does not get a second badge; staff reprints add rows.
CREATE TABLE print_log (
  id            INTEGER PRIMARY KEY,
  attendee_code TEXT NOT NULL,
  job_id        TEXT NOT NULL REFERENCES print_jobs(id),
  printer       TEXT NOT NULL,
  template      TEXT NOT NULL,
  reason        TEXT NOT NULL,
  printed_at    TEXT NOT NULL
);
CREATE INDEX print_log_attendee ON print_log(attendee_code, printed_at);
