package dev.realtime.bench.wire;

/**
 * A message:send payload with two fixed-width decimal placeholders.
 *
 * @param payload     the text, placeholders filled with zeros
 * @param ackOffset   character offset of the {@link WireProtocol#ACK_WIDTH}-digit ack id
 * @param stampOffset character offset of the {@link WireProtocol#STAMP_WIDTH}-digit stamp
 */
public record SendTemplate(String payload, int ackOffset, int stampOffset) {

    /** Builds the message content: marker, zeroed stamp, padding up to {@code contentBytes}. */
    static String content(int contentBytes) {
        StringBuilder sb = new StringBuilder(WireProtocol.STAMP_MARKER)
                .append("0".repeat(WireProtocol.STAMP_WIDTH)).append('@');
        while (sb.length() < contentBytes) {
            sb.append('x');
        }
        return sb.toString();
    }
}
