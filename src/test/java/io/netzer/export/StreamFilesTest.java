package io.netzer.export;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netzer.dissect.Dissector;
import io.netzer.dissect.Packet;
import io.netzer.flow.FlowConfig;
import io.netzer.flow.FlowTable;
import io.netzer.flow.StreamListener;
import io.netzer.testing.FlowFrames;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Stream files: tcpflow's names (IPv4, IPv6, VLAN, a second connection), holes for gaps, lazy creation. */
class StreamFilesTest {
    private static final FlowFrames.Endpoints WEB = FlowFrames.Endpoints.ipv4(0x0a000001, 40000, 0xc0000201, 80);

    @TempDir
    Path directory;

    private final Packet packet = new Packet();
    private final Dissector dissector = new Dissector();

    /** Starts flow {@code slot} with a client packet of {@code endpoints}, as the flow stage would. */
    private void start(StreamFiles files, int slot, FlowFrames.Endpoints endpoints) {
        FlowFrames.dissect(FlowFrames.tcp(endpoints, true, 1, 0, FlowFrames.SYN, new byte[0]), 0, packet, dissector);
        files.flowStarted(slot);
        files.packet(packet, dissector, slot, StreamListener.FROM_INITIATOR);
    }

    private static void write(StreamFiles files, int slot, int direction, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
        files.streamData(slot, direction, MemorySegment.ofArray(bytes), 0, bytes.length, null);
    }

    @Test
    void shouldNameFilesAsTcpflowAndLeaveHolesForGaps() throws IOException {
        try (StreamFiles files = new StreamFiles(directory)) {
            files.attach(new FlowTable(FlowConfig.defaults()));
            start(files, 0, WEB);
            write(files, 0, StreamListener.FROM_INITIATOR, "GET");
            files.streamGap(0, StreamListener.FROM_INITIATOR, 2);
            write(files, 0, StreamListener.FROM_INITIATOR, "/");
            write(files, 0, StreamListener.FROM_RESPONDER, "200");
            files.flowEnded(0);
        }

        assertArrayEquals("GET\0\0/".getBytes(StandardCharsets.US_ASCII),
                Files.readAllBytes(directory.resolve("010.000.000.001.40000-192.000.002.001.00080")));
        assertEquals("200", Files.readString(directory.resolve("192.000.002.001.00080-010.000.000.001.40000")));
    }

    @Test
    void shouldNameIpv6AndVlanFlowsAndALaterConnectionOnTheSamePorts() throws IOException {
        try (StreamFiles files = new StreamFiles(directory)) {
            files.attach(new FlowTable(FlowConfig.defaults()));
            start(files, 0, WEB.ipv6().withVlan(7));
            write(files, 0, StreamListener.FROM_INITIATOR, "a");
            files.flowEnded(0);
            start(files, 0, WEB.ipv6().withVlan(7));
            write(files, 0, StreamListener.FROM_INITIATOR, "b");
            start(files, 1, WEB);
            files.flowEnded(1);
            files.flowEnded(0);
        }

        String name = "2001:db8::a00:1.40000-2001:db8::c000:201.00080--7";
        assertEquals("a", Files.readString(directory.resolve(name)));
        assertEquals("b", Files.readString(directory.resolve(name + "c1")));
        try (var list = Files.list(directory)) {
            assertEquals(2, list.count(), "a direction without bytes has no file");
        }
        assertTrue(Files.isDirectory(directory));
    }
}
