-- 0004_print_job_notes: what a printed badge shows differently from the registration.
-- A name of 300 characters is cut to fit, emoji and control characters are left out: the badge
-- still prints (a guest needs one), and the job says what changed so staff can see it.
-- Jobs from before this migration changed nothing anyone recorded: they get an empty list.

ALTER TABLE print_jobs ADD COLUMN notes TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(notes));  -- JSON array of strings
