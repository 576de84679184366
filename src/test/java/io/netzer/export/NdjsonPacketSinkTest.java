package io.netzer.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netzer.dissect.Dissector;
import io.netzer.dissect.LinkType;
import io.netzer.dissect.Packet;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** What a packet event says about a packet that could not be fully decoded, and says nothing of one that could. */
class NdjsonPacketSinkTest {
    /** Ethernet, IPv4 (UDP, 10 bytes of payload) and UDP: 14 + 20 + 8 + 10 bytes. */
    private static final byte[] FRAME = HexFormat.of().parseHex(""
            + "020000000002" + "020000000001" + "0800"  // destination, source, EtherType IPv4
            + "45" + "00" + "0026"                      // version 4, IHL 5; TOS; total length 38
            + "abcd" + "4000" + "40" + "11" + "0000"    // id; DF, offset 0; TTL 64; protocol UDP; checksum
            + "c0000201" + "c6336402"                   // 192.0.2.1 > 198.51.100.2
            + "cf08" + "0035" + "0012" + "0000"         // port 53000 > 53, length 18, no checksum
            + "00000000000000000000");                  // payload

    /**
     * The longest line the packet writer writes without checking room: two VLAN tags, IPv6 addresses of eight
     * four-digit groups, a fragment header, TCP, nearly every number at its widest.
     */
    private static final byte[] LONGEST = HexFormat.of().parseHex(""
            + "020000000002" + "020000000001"          // destination, source
            + "88a8" + "efff" + "8100" + "efff" + "86dd"  // two tags, VLAN 4095; IPv6
            + "6fffffff" + "001c" + "2c" + "ff"          // version 6, class and label all ones; 28 bytes; fragment
            + "fffffffffffffffffffffffffffffffe"        // ffff:…:fffe
            + "ffffffffffffffffffffffffffffffff"        // ffff:…:ffff
            + "06" + "00" + "0001" + "ffffffff"          // TCP; the first fragment of more; id
            + "ffff" + "fffe" + "fffffffe" + "fffffffe" + "50ff" + "ffff" + "0000" + "0000");  // TCP, all flags

    private final ObjectMapper json = new ObjectMapper();

    @Test
    void shouldWriteTheDecodeDetailBesideTheDecodeError() throws IOException {
        JsonNode netzer = write(Arrays.copyOf(FRAME, 14 + 20 + 3)).path("netzer");  // the UDP header cut at 3

        assertEquals("truncated_udp", netzer.path("decode_error").asText());
        assertEquals("{\"layer\":\"udp\",\"offset\":34,\"required_bytes\":8,\"actual_bytes\":3}",
                netzer.path("decode").toString());
    }

    @Test
    void shouldLeaveTheLengthsOutOfAFaultThatHasNone() throws IOException {
        byte[] frame = FRAME.clone();
        frame[14] = 0x65;  // version 6 under the IPv4 EtherType

        JsonNode netzer = write(frame).path("netzer");

        assertEquals("bad_ip_version", netzer.path("decode_error").asText());
        assertEquals("{\"layer\":\"ipv4\",\"offset\":14}", netzer.path("decode").toString());
    }

    @Test
    void shouldWriteNoDecodeDetailForAWholePacket() throws IOException {
        JsonNode netzer = write(FRAME).path("netzer");

        assertFalse(netzer.has("decode_error"));
        assertFalse(netzer.has("decode"));
    }

    @Test
    void shouldReserveMoreThanTwiceTheLongestLineItWritesUnchecked() throws IOException {
        String line = line(LONGEST, "h");
        JsonNode event = json.readTree(line);
        assertEquals(2, event.path("network").path("vlan").size() + event.path("network").path("inner").size());
        assertTrue(event.path("netzer").path("ip").has("more_fragments"), line);
        assertTrue(event.path("netzer").has("tcp"), line);
        assertEquals("ffff:ffff:ffff:ffff:ffff:ffff:ffff:fffe", event.path("source").path("ip").asText());
        int observer = event.path("observer").toString().length() + ",\"observer\":".length();
        assertTrue(line.length() - observer < NdjsonPacketSink.LINE_ROOM / 2, line.length() + ": " + line);
    }

    @Test
    void shouldWriteALineLongerThanTheBufferWhole() throws IOException {
        String hostname = "h".repeat(3 * LineOutput.DRAIN_THRESHOLD);  // the observer outgrows the line buffer
        JsonNode event = json.readTree(line(FRAME, hostname));

        assertEquals(hostname, event.path("observer").path("hostname").asText());
        assertEquals(53, event.path("destination").path("port").asInt());
    }

    private JsonNode write(byte[] frame) throws IOException {
        return json.readTree(line(frame, "host"));
    }

    private static String line(byte[] frame, String hostname) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        LineOutput lines = new LineOutput(new SharedOutput(out, false), hostname, index -> "eth0", false, null);
        NdjsonPacketSink sink = new NdjsonPacketSink(lines);
        Dissector dissector = new Dissector();
        Packet packet = new Packet().wrap(MemorySegment.ofArray(frame), 0, frame.length, frame.length, 0,
                LinkType.ETHERNET, 0, 1);
        dissector.dissect(packet);
        sink.accept(packet, dissector);
        lines.close();
        return out.toString();
    }
}
