package io.netzer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netzer.testing.NetzerCli;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A pcap record's original length is an unsigned 32-bit field: a file may declare 0xfffffffe bytes on the wire
 * for a packet it holds 46 bytes of. The packet event, its flow's byte counts and the pcap NetZer writes back all
 * carry 4294967294, as valid JSON numbers, never a negative or broken value.
 */
class UnsignedLengthTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long HUGE = 0xffff_fffeL;
    private static final int WIRE_LENGTH_OFFSET = 24 + 12;

    @TempDir
    Path dir;

    @Test
    void shouldReportAnOriginalLengthOf2To32Minus2AsAnUnsignedNumber() throws Exception {
        Path file = crafted();
        List<JsonNode> packets = events(NetzerCli.run("-r", file.toString(), "--json"));
        assertEquals(1, packets.size());
        assertEquals(HUGE, packets.get(0).at("/network/bytes").asLong(), packets.toString());
    }

    @Test
    void shouldCountTheFlowsBytesUnsigned() throws Exception {
        Path file = crafted();
        List<JsonNode> flows = events(NetzerCli.run("-r", file.toString(), "--events", "flow", "--json"));
        assertEquals(1, flows.size());
        assertEquals(HUGE, flows.get(0).at("/network/bytes").asLong(), flows.toString());
        assertEquals(HUGE, flows.get(0).at("/source/bytes").asLong(), flows.toString());
    }

    @Test
    void shouldWriteTheOriginalLengthBackUnchanged() throws Exception {
        Path file = crafted();
        Path copy = dir.resolve("copy.pcap");
        NetzerCli.Result run = NetzerCli.run("-r", file.toString(), "-w", copy.toString());
        assertEquals(0, run.exitCode(), run.stderr());
        ByteBuffer written = ByteBuffer.wrap(Files.readAllBytes(copy)).order(ByteOrder.nativeOrder());
        assertEquals(HUGE, Integer.toUnsignedLong(written.getInt(WIRE_LENGTH_OFFSET)));
    }

    /** One UDP packet of 46 bytes whose record declares 0xfffffffe bytes on the wire. */
    private Path crafted() throws Exception {
        byte[] file = BadInputTest.pcap(BadInputTest.udpFrame(1));
        ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN).putInt(WIRE_LENGTH_OFFSET, (int) HUGE);
        return Files.write(dir.resolve("huge-original-length.pcap"), file);
    }

    private static List<JsonNode> events(NetzerCli.Result run) throws Exception {
        assertEquals(0, run.exitCode(), run.stderr());
        List<JsonNode> events = new ArrayList<>();
        for (String line : run.stdoutText().lines().toList()) {
            events.add(JSON.readTree(line));
        }
        return events;
    }
}
