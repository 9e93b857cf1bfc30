-- realtime schema, version 2: change notifications for rooms and memberships.
--
-- Every committed change to realtime_rooms or realtime_room_members is announced on the channel
-- realtime_room_changes, so running nodes (LISTEN realtime_room_changes) re-read what the CLI, another
-- application or another node changed. PostgreSQL delivers notifications at commit, never for a rollback,
-- and folds identical ones of one transaction into one.
--
-- Payload (JSON text): {"op": "INSERT" | "UPDATE" | "DELETE", "room": <room name>, "user": <user id> | null}
-- with "user" null when the room itself changed. {"op": "MEMBERS", "room": <name>, "user": null} asks the
-- listener to re-read the room and all of its members: sent for a renamed room, and instead of a payload
-- that would exceed PostgreSQL's 8000-byte limit (an unusually long user id), which would fail the write.
--
-- Safe to run again: functions are replaced, triggers dropped and re-created.

CREATE OR REPLACE FUNCTION realtime_notify_room_change(change_op text, room_name text, member_id text)
    RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    payload text;
BEGIN
    IF room_name IS NULL THEN
        -- A membership deleted together with its room: the room's own DELETE already covers it.
        RETURN;
    END IF;
    payload := json_build_object('op', change_op, 'room', room_name, 'user', member_id)::text;
    IF octet_length(payload) > 7900 THEN
        payload := json_build_object('op', 'MEMBERS', 'room', room_name, 'user', NULL)::text;
    END IF;
    PERFORM pg_notify('realtime_room_changes', payload);
END;
$$;

CREATE OR REPLACE FUNCTION realtime_rooms_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        PERFORM realtime_notify_room_change('DELETE', OLD.name, NULL);
    ELSIF TG_OP = 'INSERT' THEN
        PERFORM realtime_notify_room_change('INSERT', NEW.name, NULL);
    ELSIF OLD.name <> NEW.name THEN
        -- A rename: the old name is gone, and every member now belongs to the new name.
        PERFORM realtime_notify_room_change('DELETE', OLD.name, NULL);
        PERFORM realtime_notify_room_change('MEMBERS', NEW.name, NULL);
    ELSIF OLD IS DISTINCT FROM NEW THEN
        PERFORM realtime_notify_room_change('UPDATE', NEW.name, NULL);
    END IF;
    RETURN NULL;
END;
$$;

CREATE OR REPLACE FUNCTION realtime_room_members_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        PERFORM realtime_notify_room_change('DELETE',
                (SELECT r.name FROM realtime_rooms r WHERE r.id = OLD.room_id), OLD.user_id);
    ELSIF TG_OP = 'INSERT' THEN
        PERFORM realtime_notify_room_change('INSERT',
                (SELECT r.name FROM realtime_rooms r WHERE r.id = NEW.room_id), NEW.user_id);
    ELSIF OLD.room_id <> NEW.room_id OR OLD.user_id <> NEW.user_id THEN
        PERFORM realtime_notify_room_change('DELETE',
                (SELECT r.name FROM realtime_rooms r WHERE r.id = OLD.room_id), OLD.user_id);
        PERFORM realtime_notify_room_change('INSERT',
                (SELECT r.name FROM realtime_rooms r WHERE r.id = NEW.room_id), NEW.user_id);
    ELSIF (OLD.role, OLD.is_muted, OLD.is_banned) IS DISTINCT FROM (NEW.role, NEW.is_muted, NEW.is_banned) THEN
        -- Only role, mute and ban matter to a running node; joined_at and last_seen_at, which nodes rewrite
        -- often, are left out so those writes do not make every node re-read the membership.
        -- A new column that nodes must see needs adding here in a later schema version.
        PERFORM realtime_notify_room_change('UPDATE',
                (SELECT r.name FROM realtime_rooms r WHERE r.id = NEW.room_id), NEW.user_id);
    END IF;
    RETURN NULL;
END;
$$;

DROP TRIGGER IF EXISTS realtime_rooms_notify ON realtime_rooms;
CREATE TRIGGER realtime_rooms_notify
    AFTER INSERT OR UPDATE OR DELETE ON realtime_rooms
    FOR EACH ROW EXECUTE FUNCTION realtime_rooms_notify();

DROP TRIGGER IF EXISTS realtime_room_members_notify ON realtime_room_members;
CREATE TRIGGER realtime_room_members_notify
    AFTER INSERT OR UPDATE OR DELETE ON realtime_room_members
    FOR EACH ROW EXECUTE FUNCTION realtime_room_members_notify();
