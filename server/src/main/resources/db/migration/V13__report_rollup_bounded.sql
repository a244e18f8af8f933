-- Tailor schema, version 13: the report refresh measures outcomes only where they can be new, and
-- forgets what it counted of settled days (see ReportRollup, docs/reports.md and
-- docs/decisions/0005).
--
-- Until now every refresh looked at one to two whole days of presentations (all shown from the
-- attribution window plus a day ago) to find the outcomes that had become measurable. It now
-- looks at the presentations whose window closed since the last refresh (by shown_at) and at
-- those written since (by written_at, for rows that commit late), from these two watermarks,
-- which are saved in the same transaction as the outcomes they cover:
--   outcomes_closed_before     every presentation shown before it and committed by the last
--                              measurement was measured (null: not yet measured incrementally,
--                              the next refresh looks at the whole range once)
--   outcomes_written_to        the latest presentation written_at seen by that measurement
-- They live on the roll-up's lock row, so that two refreshes measure one after the other.
ALTER TABLE report_rollup_batch ADD COLUMN outcomes_closed_before DATETIME(6);
ALTER TABLE report_rollup_batch ADD COLUMN outcomes_written_to DATETIME(6);
