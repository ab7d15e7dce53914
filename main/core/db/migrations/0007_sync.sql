-- 0007_sync: RESERVED for the sync engine (branch sync-engine), which owns this number. This
-- placeholder only keeps the numbering gap-free on the imports branch; at merge, the sync
-- engine's 0007_sync.sql replaces it (take theirs) and migrations/index.ts is regenerated.
SELECT 1;
