package io.netzer.cli;

import io.netzer.defrag.DefragStatistics;
import io.netzer.defrag.DropReason;
import io.netzer.flow.FlowStatistics;
import java.util.StringJoiner;

/** The closing lines about flows and streams, printed above tcpdump's three lines when flows were tracked. */
final class FlowSummary {
    private FlowSummary() {
    }

    /** Where every flow went: each one created ends for exactly one reason. */
    static String flows(FlowStatistics s) {
        return s.created() + " flows: " + s.timedOut() + " timed out, " + s.closed() + " closed, " + s.evicted()
                + " evicted at the flow cap, " + s.endOfCapture() + " open at the end; " + s.peakHeld()
                + " held at most";
    }

    /** Where the stream bytes went: handed on, or counted for the reason they were not. */
    static String streams(FlowStatistics s) {
        return s.deliveredBytes() + " stream bytes reassembled: " + s.retransmittedBytes() + " retransmitted, "
                + s.overlapsDiffering() + " overlaps with different bytes, " + s.gapBytes() + " missing ("
                + s.forcedGapBytes() + " skipped early at a buffer cap), " + s.droppedBytes()
                + " dropped at the reassembly cap, " + s.beyondDepthBytes() + " past the stream depth; "
                + s.peakHeldBytes() + " bytes held out of order at most";
    }

    /** Where the IP fragments went: datagrams handed on whole, or given up, counted by reason. */
    static String defrag(DefragStatistics s) {
        StringJoiner givenUp = new StringJoiner(", ", "given up: ", "").setEmptyValue("none given up");
        for (DropReason reason : DropReason.values()) {
            if (s.dropped(reason) > 0) {
                givenUp.add(s.dropped(reason) + " " + reason.label());
            }
        }
        return s.fragments() + " IP fragments: " + s.datagrams() + " datagrams reassembled; " + givenUp + "; "
                + s.overlapsDiffering() + " overlaps with different bytes, " + s.tiny() + " tiny first fragments, "
                + s.atomic() + " atomic fragments; " + s.peakHeldBytes() + " bytes held at most";
    }
}
