package io.netzer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netzer.testing.Corpus;
import io.netzer.testing.NetzerCli;
import io.netzer.testing.Tools;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * NetZer's {@code --json} against {@code tshark -T fields} on every corpus file, packet by packet: timestamp,
 * lengths, MACs, VLAN ids, IPs, TTL, IP id and fragment fields, transport, ports, TCP flags/seq/ack/window,
 * ICMP type/code and ARP fields. tshark runs with IP defragmentation and TCP reassembly off so that it, too,
 * describes each packet on its own.
 */
class TsharkAgreementTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> FIELDS = List.of("frame.number", "frame.time_epoch", "frame.len",
            "frame.cap_len", "frame.protocols", "eth.src", "eth.dst", "sll.src.eth", "vlan.id", "ip.src", "ip.dst",
            "ipv6.src", "ipv6.dst", "ip.ttl", "ipv6.hlim", "ip.id", "ip.frag_offset", "ip.flags.mf", "ip.proto",
            "tcp.srcport", "tcp.dstport", "udp.srcport", "udp.dstport", "tcp.flags", "tcp.seq_raw", "tcp.ack_raw",
            "tcp.window_size_value", "icmp.type", "icmp.code", "icmpv6.type", "icmpv6.code", "arp.opcode",
            "arp.src.proto_ipv4", "arp.dst.proto_ipv4", "arp.src.hw_mac", "arp.dst.hw_mac", "ieee8021ad.id",
            "ipv6.nxt", "ipv6.hopopts.nxt", "ipv6.routing.nxt", "ipv6.fraghdr.nxt", "ipv6.dstopts.nxt",
            "ah.next_header");
    /** The tshark protocol names of IPv6 extension headers, with the field holding each one's next header. */
    private static final Map<String, String> IPV6_EXTENSION_NEXT = Map.of("ipv6.hopopts", "ipv6.hopopts.nxt",
            "ipv6.routing", "ipv6.routing.nxt", "ipv6.fraghdr", "ipv6.fraghdr.nxt", "ipv6.dstopts",
            "ipv6.dstopts.nxt", "ah", "ah.next_header");
    private static final String[] FLAG_LETTERS = {"F", "S", "R", "P", "A", "U", "E", "C"};

    /**
     * Where NetZer and tshark describe a packet differently on purpose, as file, packet and field, with why.
     * tshark reads whatever fields of a header are present; NetZer decodes a header only when its fixed part
     * is complete (so no field is ever half-read), and counts the packet as truncated.
     */
    private static final Map<String, String> KNOWN_DIFFERENCES = Map.of(
            "zeek-trunc-ip4-trunc.pcap#1 ip.id", "IPv4 header cut after 6 of 20 bytes: tshark reads the id");

    @TestFactory
    Stream<DynamicTest> shouldDescribeEveryPacketAsTsharkDoes() throws IOException {
        Tools.require("tshark");
        return Corpus.readableFiles().stream()
                .map(file -> DynamicTest.dynamicTest(file.getFileName().toString(), () -> compare(file)));
    }

    private void compare(Path file) throws Exception {
        Path json = Files.createTempFile("netzer-tshark", ".ndjson");
        try {
            NetzerCli.Result run = NetzerCli.run("-r", file.toString(), "--json", "--output", json.toString());
            assertEquals(0, run.exitCode(), run.stderr());
            List<JsonNode> events = new ArrayList<>();
            for (String line : Files.readAllLines(json)) {
                events.add(JSON.readTree(line));
            }
            List<Map<String, String>> expected = tshark(file);
            assertEquals(expected.size(), events.size(), "packet count");
            List<String> mismatches = new ArrayList<>();
            for (int i = 0; i < events.size(); i++) {
                Map<String, String> want = expected.get(i);
                Map<String, String> got = fromNetzer(events.get(i));
                for (String key : union(want, got)) {
                    String id = file.getFileName() + "#" + (i + 1) + " " + key;
                    if (!String.valueOf(want.get(key)).equals(String.valueOf(got.get(key)))
                            && !KNOWN_DIFFERENCES.containsKey(id)) {
                        mismatches.add(id + ": tshark " + want.get(key) + ", netzer " + got.get(key));
                    }
                }
            }
            assertTrue(mismatches.isEmpty(), mismatches.size() + " mismatches:\n"
                    + String.join("\n", mismatches.subList(0, Math.min(40, mismatches.size()))));
        } finally {
            Files.deleteIfExists(json);
        }
    }

    private static List<String> union(Map<String, String> a, Map<String, String> b) {
        TreeMap<String, String> keys = new TreeMap<>(a);
        keys.putAll(b);
        return new ArrayList<>(keys.keySet());
    }

    private static List<Map<String, String>> tshark(Path file) throws Exception {
        List<String> command = new ArrayList<>(List.of("tshark", "-r", file.toString(), "-n",
                "-o", "ip.defragment:FALSE", "-o", "ipv6.defragment:FALSE", "-o", "tcp.desegment_tcp_streams:FALSE",
                "-T", "fields", "-E", "occurrence=a", "-E", "aggregator=,", "-E", "separator=/t"));
        for (String field : FIELDS) {
            command.add("-e");
            command.add(field);
        }
        Tools.Result result = Tools.run(command);
        assertEquals(0, result.exitCode(), result.stderr());
        List<Map<String, String>> packets = new ArrayList<>();
        for (String line : result.stdout().split("\n")) {
            if (!line.isEmpty()) {
                packets.add(fromTshark(line.split("\t", -1)));
            }
        }
        return packets;
    }

    /** The canonical fields of one tshark line. */
    private static Map<String, String> fromTshark(String[] columns) {
        Map<String, String> raw = new TreeMap<>();
        for (int i = 0; i < FIELDS.size() && i < columns.length; i++) {
            if (!columns[i].isEmpty()) {
                raw.put(FIELDS.get(i), columns[i]);
            }
        }
        Map<String, String> out = new TreeMap<>();
        String[] time = raw.get("frame.time_epoch").split("\\.");
        out.put("time", Long.toString(Long.parseLong(time[0]) * 1_000_000_000L + Long.parseLong(time[1])));
        out.put("bytes", raw.get("frame.len"));
        out.put("caplen", raw.get("frame.cap_len"));
        putFirst(out, "source.mac", raw.containsKey("eth.src") ? raw.get("eth.src") : raw.get("sll.src.eth"));
        putFirst(out, "destination.mac", raw.get("eth.dst"));
        List<String> protocols = List.of(raw.get("frame.protocols").split(":"));
        vlanIds(protocols, raw, out);
        int ipAt = innermostIp(protocols, firstIndex(protocols, "ip", "ipv6"));
        if (ipAt >= 0) {
            boolean v4 = protocols.get(ipAt).equals("ip");
            // NetZer's event describes the packet inside IP-in-IP tunnels: the nth IP header of tshark's.
            int nth = (int) protocols.subList(0, ipAt).stream().filter(protocols.get(ipAt)::equals).count();
            putNth(out, "source.ip", raw.get(v4 ? "ip.src" : "ipv6.src"), nth);
            putNth(out, "destination.ip", raw.get(v4 ? "ip.dst" : "ipv6.dst"), nth);
            putNth(out, "ttl", raw.get(v4 ? "ip.ttl" : "ipv6.hlim"), nth);
            if (v4) {
                convertFirst(out, "ip.id", nth(raw.get("ip.id"), nth), id -> Integer.toString(Integer.decode(id)));
                convertFirst(out, "fragment_offset", nth(raw.get("ip.frag_offset"), nth),
                        units -> Integer.toString(Integer.parseInt(units) * 8));
                convertFirst(out, "more_fragments", nth(raw.get("ip.flags.mf"), nth),
                        mf -> mf.equals("1") ? "true" : "false");
                putNth(out, "transport", raw.get("ip.proto"), nth);
            }
            if (!v4) {
                ipv6UpperProtocol(protocols, ipAt, nth, raw, out);
            }
            transport(protocols, ipAt, raw, out);
        }
        if (protocols.contains("arp")) {
            out.put("arp.operation", raw.get("arp.opcode"));
            putFirst(out, "arp.sender_ip", raw.get("arp.src.proto_ipv4"));
            putFirst(out, "arp.target_ip", raw.get("arp.dst.proto_ipv4"));
            putFirst(out, "arp.sender_mac", raw.get("arp.src.hw_mac"));
            putFirst(out, "arp.target_mac", raw.get("arp.dst.hw_mac"));
        }
        return out;
    }

    /** tshark names 802.1ad tags ieee8021ad and 802.1Q tags vlan: the protocol order gives the stacking. */
    private static void vlanIds(List<String> protocols, Map<String, String> raw, Map<String, String> out) {
        List<String> ids = new ArrayList<>();
        int ad = 0;
        int q = 0;
        for (String protocol : protocols) {
            if (protocol.equals("ieee8021ad")) {
                ids.add(raw.get("ieee8021ad.id").split(",")[ad++]);
            } else if (protocol.equals("vlan")) {
                ids.add(raw.get("vlan.id").split(",")[q++]);
            }
        }
        if (!ids.isEmpty()) {
            out.put("vlan", String.join(",", ids.subList(0, Math.min(2, ids.size()))));
        }
    }

    /** The upper protocol of the outer IPv6 header: the next header of its last extension header, if any. */
    private static void ipv6UpperProtocol(List<String> protocols, int ipAt, int nth, Map<String, String> raw,
            Map<String, String> out) {
        int last = ipAt;
        while (last + 1 < protocols.size() && IPV6_EXTENSION_NEXT.containsKey(protocols.get(last + 1))) {
            last++;
        }
        String field = last == ipAt ? "ipv6.nxt" : IPV6_EXTENSION_NEXT.get(protocols.get(last));
        int occurrence = last == ipAt ? nth
                : (int) protocols.subList(0, last + 1).stream().filter(protocols.get(last)::equals).count() - 1;
        String values = raw.get(field);
        if (values != null) {
            String[] all = values.split(",");
            if (occurrence < all.length) {
                out.put("transport", all[occurrence]);
            }
        }
    }

    private static void transport(List<String> protocols, int ipAt, Map<String, String> raw, Map<String, String> out) {
        for (int i = ipAt + 1; i < protocols.size(); i++) {
            String protocol = protocols.get(i);
            if (protocol.startsWith("ipv6.") || protocol.equals("ah")) {
                continue;
            }
            switch (protocol) {
                case "tcp" -> {
                    out.put("transport", "6");
                    out.put("source.port", first(raw.get("tcp.srcport")));
                    out.put("destination.port", first(raw.get("tcp.dstport")));
                    int flags = Integer.decode(first(raw.get("tcp.flags"))) & 0xff;
                    StringBuilder letters = new StringBuilder();
                    for (int bit = 0; bit < FLAG_LETTERS.length; bit++) {
                        if ((flags & (1 << bit)) != 0) {
                            letters.append(FLAG_LETTERS[bit]);
                        }
                    }
                    out.put("tcp.flags", letters.toString());
                    out.put("tcp.seq", first(raw.get("tcp.seq_raw")));
                    out.put("tcp.ack", first(raw.get("tcp.ack_raw")));
                    out.put("tcp.window", first(raw.get("tcp.window_size_value")));
                }
                case "udp" -> {
                    out.put("transport", "17");
                    out.put("source.port", first(raw.get("udp.srcport")));
                    out.put("destination.port", first(raw.get("udp.dstport")));
                }
                case "icmp", "icmpv6" -> {
                    boolean v6 = protocol.equals("icmpv6");
                    out.put("transport", v6 ? "58" : "1");
                    putFirst(out, "icmp.type", raw.get(v6 ? "icmpv6.type" : "icmp.type"));
                    putFirst(out, "icmp.code", raw.get(v6 ? "icmpv6.code" : "icmp.code"));
                }
                default -> {
                    // Another protocol over IP: only the IPv4 protocol number is compared.
                }
            }
            return;
        }
    }

    /** The canonical fields of one NetZer event. */
    private static Map<String, String> fromNetzer(JsonNode event) {
        Map<String, String> out = new TreeMap<>();
        Instant time = Instant.parse(event.path("@timestamp").asText());
        out.put("time", Long.toString(time.getEpochSecond() * 1_000_000_000L + time.getNano()));
        out.put("bytes", event.at("/network/bytes").asText());
        out.put("caplen", event.at("/netzer/caplen").asText());
        put(out, "source.mac", event.at("/source/mac"));
        put(out, "destination.mac", event.at("/destination/mac"));
        if (!event.at("/network/vlan/id").isMissingNode()) {
            String inner = event.at("/network/inner/vlan/id").asText("");
            out.put("vlan", event.at("/network/vlan/id").asText() + (inner.isEmpty() ? "" : "," + inner));
        }
        put(out, "source.ip", event.at("/source/ip"));
        put(out, "destination.ip", event.at("/destination/ip"));
        put(out, "ttl", event.at("/netzer/ip/ttl"));
        if (event.at("/network/type").asText().equals("ipv4")) {
            put(out, "ip.id", event.at("/netzer/ip/id"));
            put(out, "fragment_offset", event.at("/netzer/ip/fragment_offset"));
            put(out, "more_fragments", event.at("/netzer/ip/more_fragments"));
        }
        put(out, "transport", event.at("/network/iana_number"));
        put(out, "source.port", event.at("/source/port"));
        put(out, "destination.port", event.at("/destination/port"));
        put(out, "tcp.flags", event.at("/netzer/tcp/flags"));
        put(out, "tcp.seq", event.at("/netzer/tcp/seq"));
        put(out, "tcp.ack", event.at("/netzer/tcp/ack"));
        put(out, "tcp.window", event.at("/netzer/tcp/window"));
        put(out, "icmp.type", event.at("/netzer/icmp/type"));
        put(out, "icmp.code", event.at("/netzer/icmp/code"));
        put(out, "arp.operation", event.at("/netzer/arp/operation"));
        put(out, "arp.sender_ip", event.at("/netzer/arp/sender_ip"));
        put(out, "arp.target_ip", event.at("/netzer/arp/target_ip"));
        put(out, "arp.sender_mac", event.at("/netzer/arp/sender_mac"));
        put(out, "arp.target_mac", event.at("/netzer/arp/target_mac"));
        return out;
    }

    private static int firstIndex(List<String> protocols, String a, String b) {
        for (int i = 0; i < protocols.size(); i++) {
            if (protocols.get(i).equals(a) || protocols.get(i).equals(b)) {
                return i;
            }
        }
        return -1;
    }

    private static String first(String values) {
        return values == null ? null : values.split(",")[0];
    }

    /**
     * The IP header NetZer describes: past IPv4 or IPv6 directly inside IPv4 or IPv6 (after IPv6 extension headers
     * and AH), as its dissector takes IP-in-IP off.
     */
    private static int innermostIp(List<String> protocols, int ipAt) {
        if (ipAt < 0) {
            return ipAt;
        }
        int next = ipAt + 1;
        while (next < protocols.size() && (protocols.get(next).startsWith("ipv6.") || protocols.get(next).equals("ah")
                || IPV6_EXTENSION_NEXT.containsKey(protocols.get(next)))) {
            next++;
        }
        boolean ipInIp = next < protocols.size() && (protocols.get(next).equals("ip")
                || protocols.get(next).equals("ipv6"));
        return ipInIp ? innermostIp(protocols, next) : ipAt;
    }

    /** The {@code n}th of tshark's comma-aggregated occurrences, or null. */
    private static String nth(String values, int n) {
        if (values == null) {
            return null;
        }
        String[] all = values.split(",");
        return n < all.length ? all[n] : null;
    }

    private static void putNth(Map<String, String> out, String key, String values, int n) {
        String value = nth(values, n);
        if (value != null) {
            out.put(key, value);
        }
    }

    private static void putFirst(Map<String, String> out, String key, String values) {
        if (values != null) {
            out.put(key, first(values));
        }
    }

    private static void convertFirst(Map<String, String> out, String key, String values,
            UnaryOperator<String> conversion) {
        if (values != null) {
            out.put(key, conversion.apply(first(values)));
        }
    }

    private static void put(Map<String, String> out, String key, JsonNode node) {
        if (!node.isMissingNode()) {
            out.put(key, node.asText());
        }
    }
}
