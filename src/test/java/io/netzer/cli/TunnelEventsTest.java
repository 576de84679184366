package io.netzer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netzer.testing.FlowFrames;
import io.netzer.testing.FlowFrames.Endpoints;
import io.netzer.testing.NetzerCli;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tunnelled traffic end to end: a DNS query inside VXLAN and an HTTP request inside GRE with a key are flows of
 * their inner five-tuple, their app events carry the outer endpoints in {@code netzer.tunnel}, oriented as the
 * message travelled, and the packet events and text lines show both.
 */
class TunnelEventsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Endpoints DNS = Endpoints.ipv4(0x0a01_0005, 40000, 0x0a02_0009, 53);
    private static final Endpoints HTTP = Endpoints.ipv4(0x0a01_0005, 41000, 0x0a02_0009, 80);
    private static final int NODE_A = 0xc0a8_0001;
    private static final int NODE_B = 0xc0a8_0002;

    @TempDir
    Path dir;

    private static final byte[] QUERY = {
        0x12, 0x34,                 // id
        0x01, 0x00,                 // flags: standard query, recursion desired
        0x00, 0x01, 0x00, 0x00,     // one question, no answers
        0x00, 0x00, 0x00, 0x00,     // no authority or additional records
        7, 'e', 'x', 'a', 'm', 'p', 'l', 'e', 3, 'o', 'r', 'g', 0,  // example.org
        0x00, 0x01, 0x00, 0x01};    // type A, class IN

    /** Ethernet, IPv4 from {@code source} to {@code destination} with {@code protocol}, then {@code payload}. */
    private static byte[] outer(int source, int destination, int protocol, byte[] payload) {
        ByteBuffer frame = ByteBuffer.allocate(14 + 20 + payload.length);
        frame.put(new byte[] {2, 0, 0, 0, 0, 0x0b, 2, 0, 0, 0, 0, 0x0a});  // destination, source MAC
        frame.putShort((short) 0x0800);                   // EtherType IPv4
        frame.put((byte) 0x45).put((byte) 0);             // version 4, IHL 5, TOS
        frame.putShort((short) (20 + payload.length));    // total length
        frame.putInt(0);                                  // identification, flags, offset
        frame.put((byte) 64).put((byte) protocol);        // TTL, protocol
        frame.putShort((short) 0);                        // checksum (not checked)
        frame.putInt(source).putInt(destination);         // outer addresses
        frame.put(payload);
        return frame.array();
    }

    /** {@code frame} (an Ethernet frame) in VXLAN with VNI 42 from node A to node B, or back. */
    private static byte[] vxlan(byte[] frame, boolean fromA) {
        ByteBuffer udp = ByteBuffer.allocate(8 + 8 + frame.length);
        udp.putShort((short) 50001).putShort((short) 4789);  // source port, destination port: VXLAN
        udp.putShort((short) udp.capacity()).putShort((short) 0);  // length, no checksum
        udp.putInt(0x0800_0000).putInt(42 << 8);          // flags I, VNI 42
        udp.put(frame);
        return outer(fromA ? NODE_A : NODE_B, fromA ? NODE_B : NODE_A, 17, udp.array());
    }

    /** The IP packet of {@code frame} in GRE with key 7 from node A to node B, or back. */
    private static byte[] gre(byte[] frame, boolean fromA) {
        ByteBuffer gre = ByteBuffer.allocate(8 + frame.length - 14);
        gre.putShort((short) 0x2000).putShort((short) 0x0800);  // K flag, version 0; protocol IPv4
        gre.putInt(7);                                          // key
        gre.put(Arrays.copyOfRange(frame, 14, frame.length));
        return outer(fromA ? NODE_A : NODE_B, fromA ? NODE_B : NODE_A, 47, gre.array());
    }

    /** {@code frame} with an 802.1Q tag of {@code vlanId} after its MAC addresses. */
    private static byte[] tagged(byte[] frame, int vlanId) {
        ByteBuffer tagged = ByteBuffer.allocate(frame.length + 4);
        tagged.put(frame, 0, 12);                                 // MAC addresses
        tagged.putShort((short) 0x8100).putShort((short) vlanId);  // TPID 802.1Q, TCI: VLAN id
        tagged.put(frame, 12, frame.length - 12);                 // EtherType and payload
        return tagged.array();
    }

    private Path capture() throws IOException {
        byte[] request = "GET /index.html HTTP/1.1\r\nHost: web.example\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
        return Files.write(dir.resolve("tunnels.pcap"), BadInputTest.pcap(
                vxlan(FlowFrames.udp(DNS, true, QUERY), true),
                gre(FlowFrames.tcp(HTTP, true, 100, 0, FlowFrames.SYN, new byte[0]), true),
                gre(FlowFrames.tcp(HTTP, false, 500, 101, FlowFrames.SYN | FlowFrames.ACK, new byte[0]), false),
                gre(FlowFrames.tcp(HTTP, true, 101, 501, FlowFrames.ACK, new byte[0]), true),
                gre(FlowFrames.tcp(HTTP, true, 101, 501, FlowFrames.ACK | FlowFrames.PSH, request), true)));
    }

    private List<JsonNode> events(Path file, String kinds) throws IOException {
        NetzerCli.Result run = NetzerCli.run("-r", file.toString(), "--json", "--events", kinds);
        assertEquals(0, run.exitCode(), run.stderr());
        return run.stdoutText().lines().map(line -> {
            try {
                return JSON.readTree(line);
            } catch (IOException e) {
                throw new AssertionError(line, e);
            }
        }).toList();
    }

    /** The VXLAN tunnel of the DNS query: VNI 42 from node A's port 50001 to node B's 4789. */
    private static void assertTheVxlanFromNodeAToNodeB(JsonNode tunnel) {
        assertEquals("vxlan", tunnel.at("/type").asText());
        assertEquals("192.168.0.1", tunnel.at("/source/ip").asText());
        assertEquals(50001, tunnel.at("/source/port").asInt());
        assertEquals("192.168.0.2", tunnel.at("/destination/ip").asText());
        assertEquals(4789, tunnel.at("/destination/port").asInt());
        assertEquals(42, tunnel.at("/vni").asInt());
        assertEquals(1, tunnel.at("/depth").asInt());
    }

    @Test
    void shouldPutTheOuterEndpointsOnTheAppEventsOfAFlowInsideATunnel() throws IOException {
        List<JsonNode> events = events(capture(), "dns,http");

        JsonNode dns = events.stream().filter(e -> e.has("dns")).findFirst().orElseThrow();
        assertEquals("10.1.0.5", dns.at("/source/ip").asText());
        assertEquals("example.org", dns.at("/dns/question/name").asText());
        assertTheVxlanFromNodeAToNodeB(dns.at("/netzer/tunnel"));

        JsonNode http = events.stream().filter(e -> e.has("http")).findFirst().orElseThrow();
        assertEquals("10.2.0.9", http.at("/destination/ip").asText());
        assertEquals("gre", http.at("/netzer/tunnel/type").asText());
        assertEquals("192.168.0.1", http.at("/netzer/tunnel/source/ip").asText());
        assertEquals(7, http.at("/netzer/tunnel/key").asInt());
        assertTrue(http.at("/netzer/tunnel/source/port").isMissingNode(), "GRE has no ports");
    }

    @Test
    void shouldCountOneFlowPerInnerFiveTupleAndWriteTheTunnelOnEveryPacket() throws IOException {
        List<JsonNode> events = events(capture(), "packet,flow");

        List<JsonNode> packets = events.stream().filter(e -> "netzer.packet".equals(e.at("/event/dataset").asText()))
                .toList();
        assertEquals(5, packets.size());
        assertEquals("192.168.0.2", packets.get(2).at("/netzer/tunnel/source/ip").asText(), "the answer's way back");
        assertEquals(80, packets.get(2).at("/source/port").asInt());
        List<JsonNode> flows = events.stream().filter(e -> "netzer.flow".equals(e.at("/event/dataset").asText()))
                .toList();
        assertEquals(2, flows.size());
        JsonNode http = flows.stream().filter(f -> f.at("/destination/port").asInt() == 80).findFirst().orElseThrow();
        assertEquals(3, http.at("/source/packets").asInt());
        assertEquals(1, http.at("/destination/packets").asInt());
    }

    @Test
    void shouldPutTheOuterEndpointsOnAFlowEventInitiatorsNodeFirst() throws IOException {
        List<JsonNode> flows = events(capture(), "flow");

        JsonNode dns = flows.stream().filter(f -> f.at("/destination/port").asInt() == 53).findFirst().orElseThrow();
        assertTheVxlanFromNodeAToNodeB(dns.at("/netzer/tunnel"));
        JsonNode http = flows.stream().filter(f -> f.at("/destination/port").asInt() == 80).findFirst().orElseThrow();
        assertEquals("gre", http.at("/netzer/tunnel/type").asText());
        assertEquals("192.168.0.1", http.at("/netzer/tunnel/source/ip").asText());
        assertEquals("192.168.0.2", http.at("/netzer/tunnel/destination/ip").asText());
        assertEquals(7, http.at("/netzer/tunnel/key").asInt());
    }

    @Test
    void shouldEndATunnelledFlowsTextLineWithItsTunnel() throws IOException {
        NetzerCli.Result run = NetzerCli.run("-r", capture().toString(), "-n", "--events", "flow");

        List<String> flows = run.stdoutText().lines().filter(line -> line.contains("FLOW")).toList();
        assertEquals(2, flows.size(), run.stdoutText());
        assertTrue(flows.stream().anyMatch(line -> line.endsWith(
                " via vxlan 192.168.0.1.50001 > 192.168.0.2.4789 vni 42")), flows.toString());
        assertTrue(flows.stream().anyMatch(line -> line.endsWith(" via gre 192.168.0.1 > 192.168.0.2 key 7")),
                flows.toString());
    }

    @Test
    void shouldReportTheVlanTagsOfAFrameInsideATunnelAfterThoseOfTheOuterFrame() throws IOException {
        Path file = Files.write(dir.resolve("tagged.pcap"), BadInputTest.pcap(
                tagged(vxlan(tagged(FlowFrames.udp(DNS, true, QUERY), 10), true), 5)));

        JsonNode packet = events(file, "packet").getFirst();
        assertEquals("5", packet.at("/network/vlan/id").asText());
        assertEquals("10", packet.at("/network/inner/vlan/id").asText());
        assertEquals("10.1.0.5", packet.at("/source/ip").asText());
        assertEquals(53, packet.at("/destination/port").asInt());
        String line = NetzerCli.run("-r", file.toString(), "-n").stdoutText().lines().findFirst().orElseThrow();
        assertTrue(line.contains("vlan 5 192.168.0.1.50001 > 192.168.0.2.4789: VXLAN, flags [I] (0x08), vni 42: "
                + "vlan 10 "), line);
    }

    @Test
    void shouldPrintTheTunnelBeforeTheInnerPacketOnATextLine() throws IOException {
        NetzerCli.Result run = NetzerCli.run("-r", capture().toString(), "-n");

        List<String> lines = run.stdoutText().lines().toList();
        assertTrue(lines.get(0).contains("10.1.0.5.40000") && lines.get(0).contains(
                "192.168.0.1.50001 > 192.168.0.2.4789: VXLAN, flags [I] (0x08), vni 42: "), lines.get(0));
        assertTrue(lines.get(2).contains("192.168.0.2 > 192.168.0.1: GREv0, key=0x7: "), lines.get(2));
    }
}
