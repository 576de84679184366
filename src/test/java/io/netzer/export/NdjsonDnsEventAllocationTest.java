package io.netzer.export;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netzer.app.DnsMessage;
import io.netzer.app.DnsMessageParser;
import io.netzer.pipeline.EventContext;
import io.netzer.testing.FlowContexts;
import io.netzer.testing.FlowFrames;
import java.io.OutputStream;
import java.lang.foreign.MemorySegment;
import java.lang.management.ManagementFactory;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/**
 * A DNS event is encoded without allocating once its flow's Community ID is known: names, answers, codes and the ID
 * go from the parsed message's text straight into the worker's buffer (such a response made five Strings and a dozen
 * escaped arrays before). Less than a byte an event over 200,000 events.
 */
class NdjsonDnsEventAllocationTest {
    /** A response for example.com AAAA: an AAAA answer, an A answer and an OPT record (DnsEventNdjsonTest's). */
    private static final String RESPONSE = "1234 85a0 0001 0002 0000 0001 076578616d706c6503636f6d00 001c 0001"
            + " c00c 001c 0001 0000003c 0010 20010db8000000000000000000000001"
            + " c00c 0001 0001 0000003c 0004 c0000201"
            + " 00 0029 1000 00 00 8000 0000";
    private static final int MEASURED_EVENTS = 200_000;
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    @Test
    void shouldEncodeDnsEventsWithoutAllocating() throws Exception {
        byte[] bytes = HexFormat.of().parseHex(RESPONSE.replace(" ", ""));
        DnsMessage message = new DnsMessage();
        new DnsMessageParser().parse(MemorySegment.ofArray(bytes), 0, bytes.length, message);
        EventContext context = FlowContexts.of(FlowFrames.udp(
                FlowFrames.Endpoints.ipv4(0xc0000235, 53, 0xc0000201, 40000), true, new byte[0]), 1_000_000_000L);
        SharedOutput shared = new SharedOutput(OutputStream.nullOutputStream(), false);
        LineOutput lines = new LineOutput(shared, "host", index -> "eth" + index, false, null);
        NdjsonEventSink sink = new NdjsonEventSink(lines);

        encode(sink, lines, context, message, MEASURED_EVENTS);
        long before = THREADS.getCurrentThreadAllocatedBytes();
        encode(sink, lines, context, message, MEASURED_EVENTS);
        long allocated = THREADS.getCurrentThreadAllocatedBytes() - before;
        lines.close();

        assertTrue(allocated < MEASURED_EVENTS, allocated + " bytes allocated for " + MEASURED_EVENTS + " events");
        assertTrue(shared.lines() >= 2L * MEASURED_EVENTS, shared.lines() + " lines written");
    }

    private static void encode(NdjsonEventSink sink, LineOutput lines, EventContext context, DnsMessage message,
            int events) throws Exception {
        for (int i = 0; i < events; i++) {
            sink.dns(context, null, message);
            lines.accept(null, null); // as between packets: the buffer is drained into the output once it is full
        }
    }
}
