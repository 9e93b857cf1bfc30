package dev.realtime.bench.load;

import dev.realtime.bench.wire.SendTemplate;
import dev.realtime.bench.wire.WireProtocol;
import dev.realtime.bench.ws.PreMaskedFrame;

/** Publishes message:send on one connection, open-loop, with pre-masked frames. */
final class Publisher {
    /** Sends one publisher may burst in one loop turn before reads get their turn again. */
    private static final int MAX_BURST = 256;

    private final Connection connection;
    private final PreMaskedFrame frame;
    private final SendTemplate template;
    private final OpenLoopSchedule schedule;
    private long nextAckId = WireProtocol.FIRST_ACK_ID + 1;

    Publisher(Connection connection, WireProtocol wire, int contentBytes, OpenLoopSchedule schedule) {
        this.connection = connection;
        this.template = wire.sendTemplate(connection.spec().room(), contentBytes);
        this.frame = new PreMaskedFrame(connection.frames(), template.payload());
        this.schedule = schedule;
    }

    /** Sends every message due by {@code nowNanos} (up to a burst); returns how many were sent. */
    int sendDue(long nowNanos, long epochNanos, StepStats stats) {
        int sent = 0;
        while (sent < MAX_BURST && schedule.isDue(nowNanos)) {
            long due = schedule.advance();
            frame.patchDigits(template.stampOffset(), WireProtocol.STAMP_WIDTH,
                    WireProtocol.STAMP_BASE + (due - epochNanos));
            frame.patchDigits(template.ackOffset(), WireProtocol.ACK_WIDTH, nextAckId++);
            connection.write(frame.bytes());
            stats.sendLag.recordValue(Math.min(Math.max((System.nanoTime() - due) / 1_000, 0), StepStats.MAX_MICROS));
            sent++;
        }
        return sent;
    }

    long nextDue() {
        return schedule.nextDue();
    }

    boolean finished() {
        return !schedule.hasNext() || connection.state() != Connection.State.JOINED;
    }
}
