package io.netzer.cli;

import static io.netzer.cli.LiveCaptureCliTest.child;
import static io.netzer.cli.LiveCaptureCliTest.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netzer.testing.LiveNetwork;
import io.netzer.testing.TestNetwork;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The kernel's own VXLAN, live: inside the test namespace two VXLAN devices (VNI 42 on the IANA port 4789, VNI 1
 * on Flannel's 8472) send DNS queries through the veth pair; NetZer, capturing the veth's host end, reports each
 * query as a DNS event of the inner addresses with the outer ones in {@code netzer.tunnel}, and the inner flows.
 */
@ExtendWith(LiveNetwork.class)
class LiveTunnelTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** A DNS query for tunnel.example, type A (id 0x1234, RD, one question), written with bash's /dev/udp. */
    private static final String QUERY = "\\x12\\x34\\x01\\x00\\x00\\x01\\x00\\x00\\x00\\x00\\x00\\x00"
            + "\\x06tunnel\\x07example\\x00\\x00\\x01\\x00\\x01";

    @TempDir
    Path dir;

    @Test
    void shouldDecapsulateTheKernelsVxlanLive(TestNetwork network) throws Exception {
        dir.toFile().setWritable(true, false);
        String peer = network.peerInterface();
        network.inNamespace("ip", "link", "add", "nztvx", "type", "vxlan", "id", "42", "remote",
                network.hostAddress(), "local", network.peerAddress(), "dstport", "4789", "dev", peer);
        network.inNamespace("ip", "addr", "add", "192.168.242.1/24", "dev", "nztvx");
        network.inNamespace("ip", "link", "set", "nztvx", "up");
        // No VXLAN endpoint answers ARP on the host side: the inner neighbour is set by hand.
        network.inNamespace("ip", "neigh", "add", "192.168.242.2", "lladdr", "02:00:00:00:42:02", "dev", "nztvx");
        network.inNamespace("ip", "link", "add", "nztfl", "type", "vxlan", "id", "1", "remote",
                network.hostAddress(), "local", network.peerAddress(), "dstport", "8472", "dev", peer);
        network.inNamespace("ip", "addr", "add", "192.168.243.1/24", "dev", "nztfl");
        network.inNamespace("ip", "link", "set", "nztfl", "up");
        network.inNamespace("ip", "neigh", "add", "192.168.243.2", "lladdr", "02:00:00:00:43:02", "dev", "nztfl");

        Path events = dir.resolve("events.ndjson");
        Path stderr = dir.resolve("stderr.txt");
        Process netzer = child("-i", network.hostInterface(), "--events", "dns,flow", "--json", "--output",
                events.toString(), "not arp").redirectError(stderr.toFile()).start();
        waitFor(() -> Files.readString(stderr).contains("listening on"), netzer, stderr);
        network.inNamespace("bash", "-c", "printf '" + QUERY + "' > /dev/udp/192.168.242.2/53");
        network.inNamespace("bash", "-c", "printf '" + QUERY + "' > /dev/udp/192.168.243.2/53");
        Thread.sleep(500);
        netzer.destroy();
        assertTrue(netzer.waitFor(20, TimeUnit.SECONDS), "netzer did not stop on SIGTERM");
        String log = Files.readString(stderr);

        List<JsonNode> dns = new ArrayList<>();
        List<JsonNode> flows = new ArrayList<>();
        for (String line : Files.readAllLines(events)) {
            JsonNode event = JSON.readTree(line);
            (event.has("dns") ? dns : flows).add(event);
        }
        assertEquals(2, dns.size(), log + Files.readString(events));
        JsonNode vxlan = dns.stream().filter(e -> e.at("/netzer/tunnel/vni").asInt() == 42).findFirst()
                .orElseThrow();
        assertEquals("vxlan", vxlan.at("/netzer/tunnel/type").asText());
        assertEquals("192.168.242.1", vxlan.at("/source/ip").asText());
        assertEquals("192.168.242.2", vxlan.at("/destination/ip").asText());
        assertEquals("tunnel.example", vxlan.at("/dns/question/name").asText());
        assertEquals(network.peerAddress(), vxlan.at("/netzer/tunnel/source/ip").asText());
        assertEquals(network.hostAddress(), vxlan.at("/netzer/tunnel/destination/ip").asText());
        assertEquals(4789, vxlan.at("/netzer/tunnel/destination/port").asInt());
        assertEquals(42, vxlan.at("/netzer/tunnel/vni").asInt());
        JsonNode flannel = dns.stream().filter(e -> e.at("/netzer/tunnel/vni").asInt() == 1).findFirst()
                .orElseThrow();
        assertEquals("192.168.243.1", flannel.at("/source/ip").asText());
        assertEquals(network.peerAddress(), flannel.at("/netzer/tunnel/source/ip").asText());
        assertEquals(8472, flannel.at("/netzer/tunnel/destination/port").asInt());

        assertTrue(flows.stream().anyMatch(f -> f.at("/destination/ip").asText().equals("192.168.242.2")
                && f.at("/destination/port").asInt() == 53), "the inner VXLAN flow");
        assertTrue(flows.stream().anyMatch(f -> f.at("/destination/ip").asText().equals("192.168.243.2")
                && f.at("/destination/port").asInt() == 53), "the inner flow on Flannel's port");
    }
}
