package io.netzer.flow;

/**
 * What one or more workers' flow tracking and reassembly did, for the closing lines and metrics: every flow
 * created ends for one reason, and every stream byte is handed on, or counted where it went.
 *
 * @param created            flows created
 * @param held               flows held when taken
 * @param peakHeld           most flows held at once (per worker, summed)
 * @param timedOut           flows ended by an idle timeout
 * @param closed             TCP flows ended after FIN or RST (closing timeout or a new SYN on their ports)
 * @param evicted            flows ended to make room at the flow cap
 * @param endOfCapture       flows ended by the end of the file or capture
 * @param deliveredBytes     stream bytes handed to the stream listeners
 * @param retransmittedBytes stream bytes seen again after delivery
 * @param overlapsDiffering  overlaps by different bytes of held bytes or of the latest segment handed on (the
 *                           first were kept)
 * @param gapBytes           stream bytes never seen, skipped (includes {@code forcedGapBytes})
 * @param forcedGapBytes     gap bytes skipped early to make room under a buffer cap (per flow or total)
 * @param droppedBytes       out-of-order bytes dropped at the total buffer cap
 * @param beyondDepthBytes   stream bytes past the stream depth, not handed on
 * @param peakHeldBytes      most out-of-order bytes held at once (whole pages), per worker summed
 */
public record FlowStatistics(long created, long held, long peakHeld, long timedOut, long closed, long evicted, long endOfCapture,
        long deliveredBytes, long retransmittedBytes, long overlapsDiffering, long gapBytes, long forcedGapBytes,
        long droppedBytes, long beyondDepthBytes, long peakHeldBytes) {
    /** No flow, no byte. */
    public static final FlowStatistics ZERO = new FlowStatistics(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);

    /** The counts of a table and its reassembler. */
    public static FlowStatistics of(FlowTable table, TcpReassembler reassembler) {
        return new FlowStatistics(table.created(), table.size(), table.peak(), table.ended(EndReason.IDLE_TIMEOUT),
                table.ended(EndReason.CLOSED), table.ended(EndReason.EVICTED), table.ended(EndReason.END_OF_CAPTURE),
                reassembler.deliveredBytes(), reassembler.retransmittedBytes(), reassembler.overlapsDiffering(),
                reassembler.gapBytes(), reassembler.forcedGapBytes(), reassembler.droppedBytes(),
                reassembler.beyondDepthBytes(), reassembler.peakHeldBytes());
    }

    /** The sum of this and {@code other} (two workers). */
    public FlowStatistics plus(FlowStatistics other) {
        return new FlowStatistics(created + other.created, held + other.held, peakHeld + other.peakHeld,
                timedOut + other.timedOut,
                closed + other.closed, evicted + other.evicted, endOfCapture + other.endOfCapture,
                deliveredBytes + other.deliveredBytes, retransmittedBytes + other.retransmittedBytes,
                overlapsDiffering + other.overlapsDiffering, gapBytes + other.gapBytes,
                forcedGapBytes + other.forcedGapBytes, droppedBytes + other.droppedBytes,
                beyondDepthBytes + other.beyondDepthBytes, peakHeldBytes + other.peakHeldBytes);
    }
}
