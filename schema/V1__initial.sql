-- realtime schema, version 1.
-- Every statement is idempotent, so this file may also be applied by hand with psql; the store's migrator
-- applies it once per database under an advisory lock and records it in realtime_schema_version.
-- Needs PostgreSQL 13+ (gen_random_uuid() is built in).

-- Rooms --------------------------------------------------------------------------------------------------

CREATE TABLE IF NOT EXISTS realtime_rooms (
    id          uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
    name        text        NOT NULL UNIQUE
                            CHECK (name ~ '^[A-Za-z0-9_.:@#-]{1,128}$'),
    type        text        NOT NULL DEFAULT 'channel'
                            CHECK (type IN ('channel', 'dm', 'group', 'broadcast')),
    visibility  text        NOT NULL DEFAULT 'public'
                            CHECK (visibility IN ('public', 'private', 'secret')),
    max_members integer     NOT NULL DEFAULT 0 CHECK (max_members >= 0),   -- 0: no limit
    is_active   boolean     NOT NULL DEFAULT true,
    settings    jsonb       NOT NULL DEFAULT '{}'::jsonb,
    metadata    jsonb       NOT NULL DEFAULT '{}'::jsonb,
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS realtime_rooms_type_idx ON realtime_rooms (type);
CREATE INDEX IF NOT EXISTS realtime_rooms_active_idx ON realtime_rooms (is_active);

CREATE TABLE IF NOT EXISTS realtime_room_members (
    id           uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
    room_id      uuid        NOT NULL REFERENCES realtime_rooms (id) ON DELETE CASCADE,
    user_id      text        NOT NULL,
    role         text        NOT NULL DEFAULT 'member'
                             CHECK (role IN ('admin', 'moderator', 'member', 'guest')),
    is_muted     boolean     NOT NULL DEFAULT false,
    is_banned    boolean     NOT NULL DEFAULT false,
    joined_at    timestamptz NOT NULL DEFAULT now(),
    last_seen_at timestamptz,
    UNIQUE (room_id, user_id)
);
-- (room_id, user_id) is covered by the unique constraint; users are looked up on their own too.
CREATE INDEX IF NOT EXISTS realtime_room_members_user_idx ON realtime_room_members (user_id);

-- Connections and presence -------------------------------------------------------------------------------

CREATE TABLE IF NOT EXISTS realtime_connections (
    id              uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
    socket_id       text        NOT NULL UNIQUE,
    user_id         text        NOT NULL,
    session_id      text,
    is_anonymous    boolean     NOT NULL DEFAULT false,
    transport       text        NOT NULL,
    node_id         text,
    ip_address      text,
    user_agent      text,
    device_info     jsonb       NOT NULL DEFAULT '{}'::jsonb,
    latency_ms      integer     NOT NULL DEFAULT -1,                      -- -1: not measured yet
    connected_at    timestamptz NOT NULL DEFAULT now(),
    last_seen_at    timestamptz NOT NULL DEFAULT now(),                  -- last write from the owning node
    disconnected_at timestamptz                                          -- null while open
);
CREATE INDEX IF NOT EXISTS realtime_connections_user_idx ON realtime_connections (user_id);
CREATE INDEX IF NOT EXISTS realtime_connections_node_idx ON realtime_connections (node_id);
-- Open connections are the hot subset: listed newest first, swept by last_seen_at.
CREATE INDEX IF NOT EXISTS realtime_connections_open_idx
    ON realtime_connections (connected_at DESC) WHERE disconnected_at IS NULL;
CREATE INDEX IF NOT EXISTS realtime_connections_open_seen_idx
    ON realtime_connections (last_seen_at) WHERE disconnected_at IS NULL;
CREATE INDEX IF NOT EXISTS realtime_connections_open_user_idx
    ON realtime_connections (user_id) WHERE disconnected_at IS NULL;

CREATE TABLE IF NOT EXISTS realtime_presence (
    user_id                  text        PRIMARY KEY,
    status                   text        NOT NULL DEFAULT 'offline'
                                         CHECK (status IN ('online', 'away', 'busy', 'offline')),
    custom_status            text        CHECK (char_length(custom_status) <= 100),
    custom_emoji             text        CHECK (char_length(custom_emoji) <= 32),
    custom_status_expires_at timestamptz,
    last_active_at           timestamptz,
    connection_count         integer     NOT NULL DEFAULT 0 CHECK (connection_count >= 0),
    updated_at               timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS realtime_presence_status_idx ON realtime_presence (status);
CREATE INDEX IF NOT EXISTS realtime_presence_active_idx ON realtime_presence (last_active_at);

-- Typing -------------------------------------------------------------------------------------------------

CREATE TABLE IF NOT EXISTS realtime_typing (
    id         uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
    room_id    uuid        NOT NULL REFERENCES realtime_rooms (id) ON DELETE CASCADE,
    user_id    text        NOT NULL,
    thread_id  text,                                                     -- null: the room's main timeline
    started_at timestamptz NOT NULL DEFAULT now(),
    expires_at timestamptz NOT NULL
);
-- One indicator per user per room and thread; the main timeline (null thread) counts as one thread.
CREATE UNIQUE INDEX IF NOT EXISTS realtime_typing_unique_idx
    ON realtime_typing (room_id, user_id, coalesce(thread_id, ''));
CREATE INDEX IF NOT EXISTS realtime_typing_expires_idx ON realtime_typing (expires_at);
CREATE INDEX IF NOT EXISTS realtime_typing_user_idx ON realtime_typing (user_id);

-- Event log ----------------------------------------------------------------------------------------------

CREATE TABLE IF NOT EXISTS realtime_events (
    id         uuid        PRIMARY KEY DEFAULT gen_random_uuid(),        -- generated by the engine: idempotency key
    seq        bigint      GENERATED ALWAYS AS IDENTITY,                 -- arrival order, breaks ties in time
    event_type text        NOT NULL
                           CHECK (event_type IN ('connect', 'disconnect', 'error', 'join', 'leave',
                                                 'message', 'typing', 'presence')),
    socket_id  text,
    user_id    text,
    room_name  text,                                                     -- a name, not a key: history outlives rooms
    payload    jsonb,
    ip_address text,
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS realtime_events_time_idx ON realtime_events (created_at DESC, seq DESC);
CREATE INDEX IF NOT EXISTS realtime_events_type_idx ON realtime_events (event_type, created_at DESC, seq DESC);
CREATE INDEX IF NOT EXISTS realtime_events_room_idx ON realtime_events (room_name, created_at DESC, seq DESC);
CREATE INDEX IF NOT EXISTS realtime_events_user_idx ON realtime_events (user_id, created_at DESC);

-- Views --------------------------------------------------------------------------------------------------

-- Open connections, with how long they have been open and how long since their node last wrote them.
CREATE OR REPLACE VIEW realtime_active_connections AS
SELECT c.id, c.socket_id, c.user_id, c.session_id, c.is_anonymous, c.transport, c.node_id, c.ip_address,
       c.user_agent, c.device_info, c.latency_ms, c.connected_at, c.last_seen_at,
       now() - c.connected_at AS connected_for,
       now() - c.last_seen_at AS silent_for
FROM realtime_connections c
WHERE c.disconnected_at IS NULL;

-- One row per room. Counts are independent subqueries: joining members to connections directly (on user
-- id) would count a member once per open connection and across rooms.
CREATE OR REPLACE VIEW realtime_room_stats AS
SELECT r.id AS room_id, r.name, r.type, r.visibility, r.max_members, r.is_active, r.created_at, r.updated_at,
       (SELECT count(*) FROM realtime_room_members m
         WHERE m.room_id = r.id AND NOT m.is_banned) AS member_count,
       (SELECT count(*) FROM realtime_room_members m
         WHERE m.room_id = r.id AND NOT m.is_banned
           AND EXISTS (SELECT 1 FROM realtime_connections c
                        WHERE c.user_id = m.user_id AND c.disconnected_at IS NULL)) AS online_member_count,
       (SELECT count(*) FROM realtime_room_members m
         WHERE m.room_id = r.id AND m.is_banned) AS banned_count,
       (SELECT count(*) FROM realtime_typing t
         WHERE t.room_id = r.id AND t.expires_at > now()) AS typing_count
FROM realtime_rooms r;

-- Indicators that have not expired yet (expired rows may linger until cleanup_expired_typing runs).
CREATE OR REPLACE VIEW realtime_current_typing AS
SELECT t.id, r.name AS room_name, t.room_id, t.thread_id, t.user_id, t.started_at, t.expires_at
FROM realtime_typing t
JOIN realtime_rooms r ON r.id = t.room_id
WHERE t.expires_at > now();

-- One row per presence status, all four always present, with how many users are in it. Expired custom
-- statuses are not counted as set.
CREATE OR REPLACE VIEW realtime_presence_summary AS
SELECT s.status,
       count(p.user_id) AS user_count,
       count(p.user_id) FILTER (WHERE p.custom_status IS NOT NULL
           AND (p.custom_status_expires_at IS NULL OR p.custom_status_expires_at > now())) AS with_custom_status,
       coalesce(sum(p.connection_count), 0) AS connection_count
FROM (VALUES ('online', 1), ('away', 2), ('busy', 3), ('offline', 4)) AS s (status, position)
LEFT JOIN realtime_presence p ON p.status = s.status
GROUP BY s.status, s.position
ORDER BY s.position;

-- Maintenance functions ----------------------------------------------------------------------------------

-- Deletes expired typing indicators; returns how many.
CREATE OR REPLACE FUNCTION cleanup_expired_typing() RETURNS integer
LANGUAGE plpgsql AS $$
DECLARE
    removed integer;
BEGIN
    DELETE FROM realtime_typing WHERE expires_at <= now();
    GET DIAGNOSTICS removed = ROW_COUNT;
    RETURN removed;
END;
$$;

-- Brings presence rows in line with open connections and activity: connection counts from the open
-- connection rows; users without any open connection become offline; online users inactive for longer
-- than away_after become away; expired custom statuses are cleared. Returns how many rows changed.
CREATE OR REPLACE FUNCTION update_presence_from_activity(away_after interval DEFAULT interval '5 minutes')
RETURNS integer
LANGUAGE plpgsql AS $$
DECLARE
    changed integer;
BEGIN
    WITH open_counts AS (
        SELECT user_id, count(*)::integer AS n
        FROM realtime_connections
        WHERE disconnected_at IS NULL
        GROUP BY user_id
    ), target AS (
        SELECT p.user_id,
               coalesce(o.n, 0) AS connection_count,
               CASE
                   WHEN coalesce(o.n, 0) = 0 THEN 'offline'
                   WHEN p.status = 'online' AND p.last_active_at < now() - away_after THEN 'away'
                   WHEN p.status = 'offline' THEN 'online'
                   ELSE p.status
               END AS status,
               p.custom_status_expires_at IS NOT NULL AND p.custom_status_expires_at <= now() AS clear_custom
        FROM realtime_presence p
        LEFT JOIN open_counts o ON o.user_id = p.user_id
    )
    UPDATE realtime_presence p
    SET status = t.status,
        connection_count = t.connection_count,
        custom_status = CASE WHEN t.clear_custom THEN NULL ELSE p.custom_status END,
        custom_emoji = CASE WHEN t.clear_custom THEN NULL ELSE p.custom_emoji END,
        custom_status_expires_at = CASE WHEN t.clear_custom THEN NULL ELSE p.custom_status_expires_at END
    FROM target t
    WHERE p.user_id = t.user_id
      AND (p.status IS DISTINCT FROM t.status OR p.connection_count IS DISTINCT FROM t.connection_count
           OR t.clear_custom);
    GET DIAGNOSTICS changed = ROW_COUNT;
    RETURN changed;
END;
$$;

-- Closes open connections whose node has not written them for longer than stale_after (a node that died
-- cannot close its own rows). Returns how many.
CREATE OR REPLACE FUNCTION disconnect_stale_connections(stale_after interval DEFAULT interval '15 minutes')
RETURNS integer
LANGUAGE plpgsql AS $$
DECLARE
    closed integer;
BEGIN
    UPDATE realtime_connections
    SET disconnected_at = now()
    WHERE disconnected_at IS NULL AND last_seen_at < now() - stale_after;
    GET DIAGNOSTICS closed = ROW_COUNT;
    RETURN closed;
END;
$$;

-- Trigger: keeps updated_at current on room changes unless the writer set it explicitly (the store writes
-- the engine's own time, which must survive the round trip).
CREATE OR REPLACE FUNCTION update_room_timestamp() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.updated_at IS NOT DISTINCT FROM OLD.updated_at THEN
        NEW.updated_at := now();
    END IF;
    RETURN NEW;
END;
$$;

-- Trigger: stamps every presence change.
CREATE OR REPLACE FUNCTION update_presence_timestamp() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    NEW.updated_at := now();
    RETURN NEW;
END;
$$;

DROP TRIGGER IF EXISTS realtime_rooms_updated_at ON realtime_rooms;
CREATE TRIGGER realtime_rooms_updated_at
    BEFORE UPDATE ON realtime_rooms
    FOR EACH ROW EXECUTE FUNCTION update_room_timestamp();

DROP TRIGGER IF EXISTS realtime_presence_updated_at ON realtime_presence;
CREATE TRIGGER realtime_presence_updated_at
    BEFORE INSERT OR UPDATE ON realtime_presence
    FOR EACH ROW EXECUTE FUNCTION update_presence_timestamp();
