package io.netzer.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netzer.capture.CaptureFiles;
import io.netzer.capture.PacketSource;
import io.netzer.dissect.Dissector;
import io.netzer.filter.CompileOptions;
import io.netzer.testing.Corpus;
import org.junit.jupiter.api.Test;

/**
 * The worker accounts for every packet its source hands over: passed to the sinks, or rejected by the
 * in-process filter (what the closing lines of a cooked {@code any} capture take off "received by filter").
 */
class WorkerFilterCountTest {
    @Test
    void shouldCountEveryPacketAsPassedOrRejected() throws Exception {
        try (PacketSource source = CaptureFiles.open(Corpus.pcaps().resolve("pcpp-many-protocols.pcap"))) {
            PacketFilter udp = PacketFilter.compile("udp", source.linkType(), CompileOptions.forFile());
            Worker worker = new Worker(source, new Dissector(), new PacketSink[0], udp, null);
            worker.run();
            assertTrue(worker.packetsOut() > 0 && worker.packetsRejected() > 0,
                    worker.packetsOut() + " passed, " + worker.packetsRejected() + " rejected");
            assertEquals(source.statistics().received(), worker.packetsOut() + worker.packetsRejected());
        }
    }
}
