package io.netzer.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netzer.capture.CaptureFiles;
import io.netzer.capture.PacketSource;
import io.netzer.dissect.Dissector;
import io.netzer.dissect.LinkType;
import io.netzer.flow.FlowConfig;
import io.netzer.flow.StreamListener;
import io.netzer.pipeline.EventSink;
import io.netzer.pipeline.FlowEvents;
import io.netzer.pipeline.FlowStage;
import io.netzer.pipeline.PacketSink;
import io.netzer.pipeline.Worker;
import io.netzer.testing.FlowFrames;
import io.netzer.testing.LinkTypeFrames;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The end of a capture with many flows open, as a sender of spoofed datagrams leaves it (one flow each): every flow
 * ends with its event, and the event lines are written out as they come rather than held until the last flow
 * ended (before, 20,000 flows were one write of 14 MB, a million about 700 MB of heap at a container's SIGTERM).
 */
class EndOfCaptureOutputTest {
    private static final int FLOWS = 20_000;
    /** Far below the 14 MB of the flows' lines, far above one round's: a buffer that holds them all fails. */
    private static final int LARGEST_WRITE = 1 << 20;

    @TempDir
    Path directory;

    @Test
    void shouldWriteOutTheFlowEventsOfTheCapturesEndAsTheyComeAsNdjson() throws IOException {
        Path file = spoofedDatagrams(directory.resolve("flows.pcap"));
        WriteRecorder output = new WriteRecorder();
        try (PacketSource source = CaptureFiles.open(file)) {
            LineOutput lines = new LineOutput(output, "test-host", index -> null, false, null);
            FlowStage flows = new FlowStage(FlowConfig.defaults(), new StreamListener[0],
                    new FlowEvents(new EventSink[] {new NdjsonEventSink(lines)}));
            new Worker(source, new Dissector(), new PacketSink[] {lines, flows}, null, null).run();
        }
        assertEquals(FLOWS, output.lines, "one flow event a flow");
        assertTrue(output.largest <= LARGEST_WRITE, "largest write " + output.largest + " bytes");
    }

    @Test
    void shouldWriteOutTheFlowEventsOfTheCapturesEndAsTheyComeAsText() throws IOException {
        Path file = spoofedDatagrams(directory.resolve("flows.pcap"));
        WriteRecorder output = new WriteRecorder();
        try (PacketSource source = CaptureFiles.open(file)) {
            TextPacketSink text = new TextPacketSink(output, false, false, false, 0, false, false);
            FlowStage flows = new FlowStage(FlowConfig.defaults(), new StreamListener[0],
                    new FlowEvents(new EventSink[] {text}));
            new Worker(source, new Dissector(), new PacketSink[] {flows, text}, null, null).run();
        }
        assertEquals(FLOWS, output.lines, "one flow line a flow");
        assertTrue(output.largest <= LARGEST_WRITE, "largest write " + output.largest + " bytes");
    }

    /** A pcap file of one UDP datagram from each of {@link #FLOWS} source addresses, 10 µs apart. */
    private static Path spoofedDatagrams(Path file) throws IOException {
        List<byte[]> frames = new ArrayList<>();
        for (int i = 0; i < FLOWS; i++) {
            FlowFrames.Endpoints endpoints = FlowFrames.Endpoints.ipv4(0x0a000000 + i, 1024 + i % 50_000,
                    0xc0a80001, 53);
            frames.add(FlowFrames.udp(endpoints, true, new byte[] {1, 2, 3, 4}));
        }
        return Files.write(file, LinkTypeFrames.pcap(LinkType.ETHERNET, frames, 10));
    }

    /** Counts the lines written and the largest single write. */
    private static final class WriteRecorder extends OutputStream {
        private int largest;
        private int lines;

        @Override
        public void write(int b) {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) {
            largest = Math.max(largest, length);
            for (int i = offset; i < offset + length; i++) {
                if (bytes[i] == '\n') {
                    lines++;
                }
            }
        }
    }
}
