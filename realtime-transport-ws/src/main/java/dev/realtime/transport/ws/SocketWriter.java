package dev.realtime.transport.ws;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.Iterator;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The thread that writes every connection's queued frames to its socket.
 *
 * <p>Connections with something to write are handed over once ({@link #schedule}), however many frames
 * they get meanwhile; the writer wakes at most once per batch of hand-overs. When it is busy, frames pile
 * up in each connection's queue and go out together, so the cost per delivery falls as load rises. A
 * socket that takes no more is registered with this thread's own selector and written when it is
 * writable again; the WebSocket library's selector is never involved.
 */
final class SocketWriter implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SocketWriter.class);
    /** Bytes per write system call: room for hundreds of small frames. */
    private static final int SCRATCH_BYTES = 64 * 1024;
    /** Hand-overs served before the writer looks at its blocked sockets again. */
    private static final int TURNS_BETWEEN_SELECTS = 4096;
    private static final long STOP_WAIT_MILLIS = 2_000;

    private final Queue<ConnectionOutput> ready = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean sleeping = new AtomicBoolean();
    private final ByteBuffer scratch = ByteBuffer.allocateDirect(SCRATCH_BYTES);
    private final Selector selector;
    private final BiConsumer<ConnectionOutput, IOException> onWriteFailed;
    private final Thread thread;
    private volatile boolean running = true;

    /**
     * Starts the writer thread.
     *
     * @param onWriteFailed told (on the writer thread) of a socket whose write failed; its queue is already
     *     dropped and the connection should be closed
     */
    SocketWriter(String threadName, BiConsumer<ConnectionOutput, IOException> onWriteFailed) {
        this.onWriteFailed = onWriteFailed;
        try {
            this.selector = Selector.open();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the writer's selector", e);
        }
        thread = new Thread(this::run, threadName);
        thread.setDaemon(true);
        thread.start();
    }

    /** Hands over a connection whose queue went from idle to non-empty. Never blocks. */
    void schedule(ConnectionOutput output) {
        ready.offer(output);
        if (sleeping.get() && sleeping.compareAndSet(true, false)) {
            selector.wakeup();
        }
    }

    private void run() {
        while (running) {
            try {
                writeReady();
                if (ready.isEmpty()) {
                    sleeping.set(true);
                    if (ready.isEmpty()) {
                        selector.select();
                    } else {
                        selector.selectNow();
                    }
                    sleeping.set(false);
                } else {
                    selector.selectNow();
                }
                writeWritable();
            } catch (IOException | RuntimeException e) {
                LOG.error("socket writer failed; continuing", e);
            }
        }
    }

    private void writeReady() {
        ConnectionOutput output;
        int turns = 0;
        while (turns++ < TURNS_BETWEEN_SELECTS && (output = ready.poll()) != null) {
            write(output);
        }
    }

    private void writeWritable() {
        Iterator<SelectionKey> keys = selector.selectedKeys().iterator();
        while (keys.hasNext()) {
            SelectionKey key = keys.next();
            keys.remove();
            try {
                key.interestOps(0);
            } catch (CancelledKeyException e) {
                // the socket closed meanwhile: the write below finds it closed
            }
            write((ConnectionOutput) key.attachment());
        }
    }

    private void write(ConnectionOutput output) {
        ConnectionOutput.Flush result;
        try {
            result = output.flush(scratch);
        } catch (IOException e) {
            output.discard();
            onWriteFailed.accept(output, e);
            return;
        }
        if (result == ConnectionOutput.Flush.MORE) {
            ready.offer(output);
        } else if (result == ConnectionOutput.Flush.BLOCKED) {
            awaitWritable(output);
        }
    }

    private void awaitWritable(ConnectionOutput output) {
        try {
            SelectionKey key = output.writerKey;
            if (key == null) {
                output.writerKey = output.channel().register(selector, SelectionKey.OP_WRITE, output);
            } else {
                key.interestOps(SelectionKey.OP_WRITE);
            }
        } catch (ClosedChannelException | CancelledKeyException e) {
            output.discard();
        }
    }

    @Override
    public void close() {
        running = false;
        selector.wakeup();
        try {
            thread.join(STOP_WAIT_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            selector.close();
        } catch (IOException e) {
            LOG.debug("closing the writer's selector failed", e);
        }
    }
}
