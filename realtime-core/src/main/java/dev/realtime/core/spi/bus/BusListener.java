package dev.realtime.core.spi.bus;

/** Receives what other nodes published. Called from the bus's own thread(s); must not block. */
public interface BusListener {
    /** One message another node published, exactly as it was published. */
    void onMessage(byte[] message);

    /** The link to the other nodes broke; messages published meanwhile may be lost. */
    default void onDisconnected() {
    }

    /** The link is back (after {@link #onDisconnected}); the engine re-announces its state. */
    default void onReconnected() {
    }
}
