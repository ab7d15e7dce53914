-- 0005_code_nocase: plain codes typed by hand in the wrong case ("walk-002" for "WALK-002") are found
-- when exactly one ticket matches without regard to case. This index keeps that look-up a point
-- query; the exact look-up stays on the UNIQUE index of `code`. Signed codes are always matched exactly.
CREATE INDEX attendees_code_nocase ON attendees(code COLLATE NOCASE);
