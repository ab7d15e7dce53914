-- 0011_event_color_print_source: two small additions for the self-service kiosk.
-- * events.color: the event's accent colour (#rrggbb) for the self-service attract screen, from the
--   cloud feed or chosen in setup; NULL: the app's default accent.
-- * print_jobs.source / print_log.source: who asked for the badge, staff (desk, CLI, setup) or a
--   guest at a self-service kiosk. A guest's one self-service reprint counts only self_service rows,
--   so a reprint staff made at the desk does not use it up. Jobs and badges from before this
--   migration cannot be told apart; they count as staff's.
ALTER TABLE events ADD COLUMN color TEXT CHECK (color IS NULL OR color GLOB '#[0-9a-fA-F][0-9a-fA-F][0-9a-fA-F][0-9a-fA-F][0-9a-fA-F][0-9a-fA-F]');

ALTER TABLE print_jobs ADD COLUMN source TEXT NOT NULL DEFAULT 'staff' CHECK (source IN ('staff', 'self_service'));
ALTER TABLE print_log ADD COLUMN source TEXT NOT NULL DEFAULT 'staff' CHECK (source IN ('staff', 'self_service'));
