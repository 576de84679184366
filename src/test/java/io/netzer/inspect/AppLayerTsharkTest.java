package io.netzer.inspect;

import static io.netzer.inspect.TsharkFields.first;
import static io.netzer.inspect.TsharkFields.flow;
import static io.netzer.inspect.TsharkFields.last;
import static io.netzer.inspect.TsharkFields.values;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netzer.testing.Corpus;
import io.netzer.testing.NetzerCli;
import io.netzer.testing.Tools;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The app layer against tshark on the whole corpus: every TLS and QUIC server name, DNS query name and HTTP host
 * that tshark finds with its TCP and TLS reassembly on, NetZer finds in an event of the same flow (the same two
 * endpoints). A name NetZer misses fails the test unless {@link #KNOWN_MISSES} lists it with the reason, checked
 * by hand. tshark's output is cached under target/ (one pass over the corpus takes a minute or two).
 */
class AppLayerTsharkTest {
    private static final Path CACHE = Path.of("target", "app-oracle-cache");
    private static final List<String> FIELDS = List.of("ip.src", "ipv6.src", "ip.dst", "ipv6.dst", "tcp.srcport",
            "udp.srcport", "tcp.dstport", "udp.dstport", "tls.handshake.extensions_server_name", "dns.qry.name",
            "http.host");
    private static final String FILTER = "tls.handshake.type == 1 || dns.qry.name || http.host";

    /**
     * Names tshark finds that NetZer does not, as {@code file kind name} ({@code *} for every name of that kind in
     * the file), with the reason, each checked by reading the packets in tshark.
     */
    private static final Map<String, String> KNOWN_MISSES = Map.of(
            "pcpp-DnsPackets.pcap dns _sleep-proxy._udp.local",
            "second question of an mDNS query (frame 25 has two): dns.question holds the first only, as in ECS,"
                    + " Zeek and Packetbeat",
            "pcpp-ip6_fragments.pcap dns *",
            "an mDNS message in 7 IPv6 fragments, reassembled by tshark: NetZer does not reassemble IP fragments,"
                    + " so it reads the first question from the first fragment and nothing else",
            "pcpp-many-protocols.pcap http [FF02::C]:1900",
            "SSDP M-SEARCH: HTTP over UDP multicast (port 1900); NetZer reads HTTP over TCP only",
            "zeek-icmp-icmp-destunreach-udp.pcap dns secure.ed4.net",
            "a DNS response quoted inside an ICMP port-unreachable error, not a UDP flow of its own");

    private final ObjectMapper json = new ObjectMapper();

    @Test
    void shouldFindEveryNameTsharkFindsOnTheSameFlow() throws IOException, InterruptedException {
        Tools.require("tshark");
        List<String> misses = new ArrayList<>();
        int checked = 0;
        for (Path file : Corpus.readableFiles()) {
            Set<String> expected = tsharkNames(file);
            if (expected.isEmpty()) {
                continue;
            }
            Set<String> found = netzerNames(file);
            for (String name : expected) {
                checked++;
                if (!found.contains(name)) {
                    String key = file.getFileName() + " " + name.substring(0, name.lastIndexOf(' '));
                    String anyName = file.getFileName() + " " + name.substring(0, name.indexOf(' ')) + " *";
                    if (!KNOWN_MISSES.containsKey(key) && !KNOWN_MISSES.containsKey(anyName)) {
                        misses.add(file.getFileName() + ": " + name);
                    }
                }
            }
        }
        assertTrue(checked > 500, "tshark found only " + checked + " names in the corpus");
        assertEquals(List.of(), misses, "names tshark finds and NetZer does not (file: kind name flow)");
    }

    /** NetZer's names as {@code kind name flow}, from its tls, dns and http events. */
    private Set<String> netzerNames(Path file) throws IOException {
        NetzerCli.Result result = NetzerCli.run("-r", file.toString(), "--events", "tls,dns,http", "--json");
        assertEquals(0, result.exitCode(), file + ": " + result.stderr());
        Set<String> names = new HashSet<>();
        for (String line : result.stdoutText().split("\n")) {
            if (line.isEmpty()) {
                continue;
            }
            JsonNode event = json.readTree(line);
            String flow = TsharkFields.flow(event);
            JsonNode sni = event.path("tls").path("client").path("server_name");
            if (sni.isTextual()) {
                names.add("tls " + sni.asText() + " " + flow);
            }
            JsonNode question = event.path("dns").path("question").path("name");
            if (question.isTextual()) {
                names.add("dns " + question.asText() + " " + flow);
            }
            JsonNode url = event.path("url");
            if (event.has("http") && url.has("domain")) {
                String domain = url.path("domain").asText();
                String host = domain;
                names.add("http " + host + (url.has("port") ? ":" + url.path("port").asText() : "") + " " + flow);
            }
        }
        return names;
    }

    /** tshark's names as {@code kind name flow}. */
    private static Set<String> tsharkNames(Path file) throws IOException, InterruptedException {
        Set<String> names = new TreeSet<>();
        for (String line : tsharkRows(file)) {
            String[] f = (line + "\t".repeat(FIELDS.size())).split("\t", -1);
            String source = last(f[0].isEmpty() ? f[1] : f[0]);
            String destination = last(f[2].isEmpty() ? f[3] : f[2]);
            String sourcePort = first(f[4].isEmpty() ? f[5] : f[4]);
            String destinationPort = first(f[6].isEmpty() ? f[7] : f[6]);
            String flow = flow(source, sourcePort, destination, destinationPort);
            for (String sni : values(f[8])) {
                names.add("tls " + sni + " " + flow);
            }
            for (String query : values(f[9])) {
                names.add("dns " + query + " " + flow);
            }
            for (String host : values(f[10])) {
                names.add("http " + host + " " + flow);
            }
        }
        return names;
    }

    private static List<String> tsharkRows(Path file) throws IOException, InterruptedException {
        return TsharkFields.rows(CACHE, file, FILTER, FIELDS);
    }
}
