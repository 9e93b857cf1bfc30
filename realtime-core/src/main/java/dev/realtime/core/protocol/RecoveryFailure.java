package dev.realtime.core.protocol;

/** Why a {@code room:join} with {@code since} could not replay what the client missed (its ack's {@code reason}). */
public enum RecoveryFailure {
    /** The room's history was lost since the client's position (a new epoch), or the position was never handed out. */
    EPOCH_CHANGED,
    /** The missed messages are older than the recovery window, already trimmed, or more than one recovery replays. */
    TOO_OLD
}
