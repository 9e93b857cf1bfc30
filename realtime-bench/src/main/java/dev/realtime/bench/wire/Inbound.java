package dev.realtime.bench.wire;

/** What one incoming text payload means to the load generator; reused, one per I/O thread. */
public final class Inbound {
    /** Kinds of payload the generator reacts to. */
    public enum Kind {
        /** Engine.IO open packet: the client must now connect the namespace. */
        ENGINE_OPEN,
        /** Authenticated and ready for room:join. */
        READY,
        /** Authentication or namespace connect refused. */
        REFUSED,
        /** Engine.IO heartbeat: answer with the protocol's pong. */
        HEARTBEAT,
        /** Reply to one of our acknowledged events. */
        ACK,
        /** A message:new carrying our send stamp. */
        MESSAGE,
        /** A server error event. */
        ERROR,
        /** Anything else (user:joined, connected, pong, ...). */
        OTHER
    }

    public Kind kind;
    public long ackId;
    public boolean success;
    public long stamp;

    void set(Kind kind) {
        this.kind = kind;
        this.ackId = -1;
        this.success = false;
        this.stamp = -1;
    }
}
