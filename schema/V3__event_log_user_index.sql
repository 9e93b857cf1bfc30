-- realtime schema, version 3: a cheaper event-log insert.
--
-- Every index on realtime_events is paid for on each of its rows, and the log is the busiest table by far.
-- Nothing in realtime reads events by user (the admin API and the CLI filter by type and by room, and
-- retention goes by time), so the index by user and time is dropped. An application that queries the log by
-- user can create it again, at the price of a slower event log:
--     CREATE INDEX realtime_events_user_idx ON realtime_events (user_id, created_at DESC);
--
-- Safe to run again.

DROP INDEX IF EXISTS realtime_events_user_idx;
