package dev.realtime.transport.ws;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.ArrayDeque;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * One connection's unsent frames, in order, and the one way bytes reach its socket once the upgrade is
 * answered.
 *
 * <p>Producers (fan-out, acks, heartbeats, on any thread) append shared read-only frames: no copy, no
 * selector wake-up, no system call. The {@link SocketWriter} later copies as many queued frames as fit
 * into its buffer and writes them with one system call, so a connection that fell behind gets its
 * backlog in a few large writes instead of one write per frame. The WebSocket library's own frames
 * (the 101 answer, close frames, pongs) go through {@link #writeLibraryFrame}, behind what is queued.
 *
 * <p>Two locks with fixed roles: this object's monitor guards the queue (held for list operations only);
 * {@code writing} makes the writer thread and the library's selector thread take turns on the socket.
 * It is held across one non-blocking write, never across a wait.
 */
final class ConnectionOutput {
    /** What became of a frame offered to the queue. */
    enum Offer {
        /** Queued; a writer already has this connection in hand. */
        QUEUED,
        /** Queued; the caller must hand this connection to the writer. */
        SCHEDULE,
        /** Refused: the unsent backlog would pass the bound. The connection must be closed. */
        OVERFLOW,
        /** Dropped: the connection is gone. */
        CLOSED
    }

    /** What a flush achieved. */
    enum Flush {
        /** Nothing is left to write. */
        DONE,
        /** More is queued than one turn writes; flush again later (other connections first). */
        MORE,
        /** The socket takes no more now; flush again when it is writable. */
        BLOCKED,
        /** The connection is gone; its frames were dropped. */
        CLOSED
    }

    /** Writes per turn of one connection, so a connection with a huge backlog cannot hold up the others. */
    private static final int WRITES_PER_TURN = 4;
    /** What a closing connection may still write of its queue without waiting, per write. */
    private static final int CLOSING_SCRATCH_BYTES = 8 * 1024;

    private final SocketChannel channel;
    private final TrackedWebSocket socket;
    private final Consumer<ConnectionOutput> toWriter;
    private final ReentrantLock writing = new ReentrantLock();

    // guarded by this
    private final ArrayDeque<ByteBuffer> frames = new ArrayDeque<>(4);
    private int headOffset;
    private long queuedBytes;
    private boolean scheduled;
    private boolean closed;
    private boolean upgraded;
    /** A library frame is partly written: nothing else may go out until it is whole. Guarded by writing. */
    private boolean libraryFramePartial;

    /** The writer's registration for "socket writable again"; touched by the writer thread only. */
    SelectionKey writerKey;

    /**
     * @param toWriter hands this output to the writer ({@link SocketWriter#schedule}) when frames queued
     *     before the upgrade answer may go out
     */
    ConnectionOutput(SocketChannel channel, TrackedWebSocket socket, Consumer<ConnectionOutput> toWriter) {
        this.channel = channel;
        this.socket = socket;
        this.toWriter = toWriter;
    }

    SocketChannel channel() {
        return channel;
    }

    /** The library's socket this output writes for. */
    TrackedWebSocket socket() {
        return socket;
    }

    /**
     * Appends a frame. The buffer is read, never changed (its position stays), so one frame can sit in
     * many queues at once.
     */
    synchronized Offer offer(ByteBuffer frame, long maxQueuedBytes) {
        if (closed) {
            return Offer.CLOSED;
        }
        int size = frame.remaining();
        if (queuedBytes + size > maxQueuedBytes) {
            return Offer.OVERFLOW;
        }
        frames.addLast(frame);
        queuedBytes += size;
        if (scheduled || !upgraded) {
            return Offer.QUEUED;
        }
        scheduled = true;
        return Offer.SCHEDULE;
    }

    /** Bytes queued and not yet written. */
    synchronized long queuedBytes() {
        return queuedBytes;
    }

    /** Drops everything queued; later offers are dropped too. */
    synchronized void discard() {
        closed = true;
        frames.clear();
        queuedBytes = 0;
        headOffset = 0;
    }

    /**
     * Ends this output: writes what the socket takes at once of the queued frames, then {@code lastFrame}
     * (a close frame) if all of them went out, and drops the rest. Never waits: a peer that does not read
     * gets no close frame, only the end of the TCP connection. Later offers are dropped. Any thread may
     * call it; it is rare enough to bring its own small buffer.
     */
    void closeWith(ByteBuffer lastFrame) {
        ByteBuffer scratch = ByteBuffer.allocate(CLOSING_SCRATCH_BYTES);
        writing.lock();
        try {
            boolean mayWrite;
            synchronized (this) {
                mayWrite = upgraded && !closed && !libraryFramePartial;
            }
            if (mayWrite && channel.isOpen() && flushHoldingSocket(scratch) == Flush.DONE) {
                channel.write(lastFrame.duplicate());
            }
        } catch (IOException e) {
            // the peer is gone; nothing more to tell it
        } finally {
            discard();
            writing.unlock();
        }
    }

    /**
     * Writes queued frames through {@code scratch} (a direct buffer owned by the calling thread).
     *
     * @throws IOException the socket failed; the caller discards this output and closes the connection
     */
    Flush flush(ByteBuffer scratch) throws IOException {
        writing.lock();
        try {
            return flushHoldingSocket(scratch);
        } finally {
            writing.unlock();
        }
    }

    /**
     * Writes one of the WebSocket library's own frames: after the 101 answer, only behind everything
     * queued here, so a close frame never overtakes the data before it. Frames queued before the 101 went
     * out are handed to the writer once it has.
     *
     * @return bytes of {@code src} written; 0 while queued frames still wait for the socket (the library
     *     then keeps asking for writability and calls again)
     */
    int writeLibraryFrame(ByteBuffer src, ByteBuffer scratch) throws IOException {
        writing.lock();
        try {
            boolean upgradedBefore;
            synchronized (this) {
                upgradedBefore = upgraded;
            }
            if (upgradedBefore && flushHoldingSocket(scratch) != Flush.DONE) {
                return 0;
            }
            int written = channel.write(src);
            libraryFramePartial = src.hasRemaining() && src.position() > 0;
            if (!upgradedBefore && !src.hasRemaining() && markUpgraded()) {
                toWriter.accept(this);
            }
            return written;
        } finally {
            writing.unlock();
        }
    }

    /** The library's first frame (the 101 answer) is out: frames may follow it. */
    private synchronized boolean markUpgraded() {
        upgraded = true;
        if (frames.isEmpty() || scheduled || closed) {
            return false;
        }
        scheduled = true;
        return true;
    }

    private Flush flushHoldingSocket(ByteBuffer scratch) throws IOException {
        for (int turn = 0; turn < WRITES_PER_TURN; turn++) {
            scratch.clear();
            synchronized (this) {
                if (closed) {
                    return Flush.CLOSED;
                }
                if (frames.isEmpty()) {
                    scheduled = false;
                    return Flush.DONE;
                }
                copyQueued(scratch);
            }
            scratch.flip();
            int written = channel.write(scratch);
            boolean all = !scratch.hasRemaining();
            synchronized (this) {
                consumed(written);
            }
            if (!all) {
                return Flush.BLOCKED;
            }
        }
        return Flush.MORE;
    }

    /** Copies queued frames, from the unwritten part of the first, until {@code scratch} is full. */
    private void copyQueued(ByteBuffer scratch) {
        int skip = headOffset;
        for (ByteBuffer frame : frames) {
            int length = Math.min(frame.remaining() - skip, scratch.remaining());
            scratch.put(scratch.position(), frame, frame.position() + skip, length);
            scratch.position(scratch.position() + length);
            skip = 0;
            if (!scratch.hasRemaining()) {
                return;
            }
        }
    }

    /** Drops {@code written} bytes from the head of the queue. */
    private void consumed(int written) {
        if (closed) {
            return;
        }
        queuedBytes -= written;
        int left = written;
        while (left > 0) {
            ByteBuffer head = frames.peekFirst();
            int unwritten = head.remaining() - headOffset;
            if (left >= unwritten) {
                frames.pollFirst();
                headOffset = 0;
                left -= unwritten;
            } else {
                headOffset += left;
                left = 0;
            }
        }
    }
}
