-- realtime schema, version 4: message history with room offsets.
--
-- realtime_room_offsets holds each room's newest offset and its epoch. Appending a message takes the room's row
-- lock (INSERT ... ON CONFLICT DO UPDATE), so offsets are assigned once each, in order, by any number of nodes.
-- The epoch is made with the row and stays as long as it: deleting a room's row starts a new epoch, which tells
-- clients that the history they knew is gone. max_age_ms is the room's age bound from its last append, so reads
-- leave out expired messages that have not been deleted yet.
--
-- realtime_messages holds the kept messages, keyed by room and offset (paging reads ranges of that key). There
-- is no foreign key to realtime_rooms: a room's first messages may arrive before the write-behind saves its row.
--
-- Safe to run again.

CREATE TABLE IF NOT EXISTS realtime_room_offsets (
    room_name   TEXT PRIMARY KEY,
    last_offset BIGINT NOT NULL CHECK (last_offset >= 0),
    epoch       TEXT NOT NULL DEFAULT gen_random_uuid()::text,
    max_age_ms  BIGINT NOT NULL CHECK (max_age_ms > 0)
);

CREATE TABLE IF NOT EXISTS realtime_messages (
    room_name         TEXT NOT NULL,
    room_offset       BIGINT NOT NULL CHECK (room_offset > 0),
    id                UUID NOT NULL,
    user_id           TEXT NOT NULL,
    content           TEXT NOT NULL,
    thread_id         TEXT,
    metadata          JSONB,
    client_message_id TEXT,
    created_at        TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (room_name, room_offset)
);
