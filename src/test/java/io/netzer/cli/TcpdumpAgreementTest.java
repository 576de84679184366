package io.netzer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netzer.testing.Corpus;
import io.netzer.testing.NetzerCli;
import io.netzer.testing.Tools;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * tcpdump's output options against tcpdump 4.99 on corpus files chosen for their link headers (Ethernet with
 * padding, two 802.1Q tags, 802.1ad, Linux cooked v1 and v2, BSD loopback, raw IP) and payloads (HTTP text, DNS).
 * The packet dumps ({@code -x}, {@code -xx}, {@code -X}, {@code -XX}, {@code -A}) must be the same bytes; the
 * decoded lines must carry the same values ({@code -#}, {@code -t*}, {@code -e}, {@code -v}, TCP sequence and
 * acknowledgment numbers relative by default and absolute with {@code -S}; TCP options in wire order; DNS, ICMP
 * and ARP in tcpdump's words), compared token by token, not by layout.
 */
class TcpdumpAgreementTest {
    private static final List<String> DUMP_FILES = List.of("suricata-decode-arp-2-arp.pcap", "arkime-twovlan.pcap",
            "tcpdump-802.1ad_QinQ.pcap", "tcpdump-tcp-handshake-nano.pcap", "suricata-decode-sll2-02.pcap",
            "suricata-tls-alpn-log-detect-02.pcap", "pcpp-ip4_bad_fragment.pcap", "tcpdump-dns_udp.pcap",
            "arkime-wireshark-retrans.pcap");
    private static final List<String> DUMPS = List.of("-x", "-xx", "-X", "-XX", "-A");
    /** A packet's line starts with its epoch time under {@code -tt}: that splits the output into packets. */
    private static final Pattern PACKET_START = Pattern.compile("(?m)^\\d{10}\\.\\d{6} ");
    private static final List<String> LINE_FILES = List.of("suricata-decode-arp-2-arp.pcap", "arkime-twovlan.pcap",
            "tcpdump-tcp-handshake-nano.pcap", "arkime-v6.pcap", "pcpp-ip4_fragments.pcap", "tcpdump-dns_udp.pcap",
            "arkime-wireshark-retrans.pcap", "pcpp-four_ipv6_http_streams.pcap");

    @TestFactory
    Stream<DynamicTest> shouldDumpPacketsByteForByte() {
        Tools.require("tcpdump");
        Path pcaps = Corpus.pcaps();
        List<DynamicTest> tests = new ArrayList<>();
        for (String file : DUMP_FILES) {
            for (String dump : DUMPS) {
                tests.add(DynamicTest.dynamicTest(file + " " + dump, () -> {
                    List<String> expected = dumps(tcpdump(pcaps.resolve(file), "-tt", dump));
                    List<String> actual = dumps(netzer(pcaps.resolve(file), "-tt", dump));
                    assertEquals(expected.size(), actual.size(), "packets");
                    for (int i = 0; i < expected.size(); i++) {
                        assertEquals(expected.get(i), actual.get(i), "packet " + (i + 1));
                    }
                }));
            }
        }
        return tests.stream();
    }

    @TestFactory
    Stream<DynamicTest> shouldCarryTheSameValuesOnEachLine() {
        Tools.require("tcpdump");
        Path pcaps = Corpus.pcaps();
        List<DynamicTest> tests = new ArrayList<>();
        for (String file : LINE_FILES) {
            Path path = pcaps.resolve(file);
            tests.add(DynamicTest.dynamicTest(file + " -#", () -> compareTokens(path, List.of("-#"),
                    "^\\s*(\\d+)\\s")));
            tests.add(DynamicTest.dynamicTest(file + " -tt", () -> compareTokens(path, List.of("-tt"),
                    "^(\\d+\\.\\d{6}) ")));
            tests.add(DynamicTest.dynamicTest(file + " -ttt", () -> compareTokens(path, List.of("-ttt"),
                    "^ (\\d\\d:\\d\\d:\\d\\d\\.\\d{6}) ")));
            tests.add(DynamicTest.dynamicTest(file + " -tttt", () -> compareTokens(path, List.of("-tttt"),
                    "^(\\d{4}-\\d\\d-\\d\\d) (\\d\\d:\\d\\d:\\d\\d\\.\\d{6}) ")));
            tests.add(DynamicTest.dynamicTest(file + " -ttttt nano", () -> compareTokens(path,
                    List.of("-ttttt", "--time-stamp-precision=nano"), "^ (\\d\\d:\\d\\d:\\d\\d\\.\\d{9}) ")));
            tests.add(DynamicTest.dynamicTest(file + " -t", () -> compareTokens(path, List.of("-t"),
                    "^(\\d\\d:)?")));
            tests.add(DynamicTest.dynamicTest(file + " -e", () -> compareTokens(path, List.of("-e"),
                    "^\\S+ ([0-9a-f:]{17}) > ([0-9a-f:]{17}), ethertype (\\S+) \\((0x[0-9a-f]{4})\\), "
                            + "length (\\d+):")));
            tests.add(DynamicTest.dynamicTest(file + " -v", () -> compareTokens(path, List.of("-v"),
                    "\\(tos (0x[0-9a-f]+), ttl (\\d+), id (\\d+), offset (\\d+), flags \\[([^]]+)\\], proto (\\S+) "
                            + "\\((\\d+)\\), length (\\d+)\\)",
                    "\\((?:class (0x[0-9a-f]+), )?(?:flowlabel (0x[0-9a-f]+), )?hlim (\\d+), next-header (\\S+) "
                            + "\\((\\d+)\\) payload length: (\\d+)\\)")));
            for (List<String> numbering : List.of(List.<String>of(), List.of("-S"))) {
                String name = numbering.isEmpty() ? " relative" : " -S";
                tests.add(DynamicTest.dynamicTest(file + name + " seq", () -> compareTokens(path, numbering,
                        "(?:TCP|Flags).* seq (\\d+)")));
                tests.add(DynamicTest.dynamicTest(file + name + " ack", () -> compareTokens(path, numbering,
                        "(?:TCP|Flags).* ack (\\d+)")));
            }
        }
        return tests.stream();
    }

    @TestFactory
    Stream<DynamicTest> shouldDescribeDnsIcmpAndArpInTcpdumpsWords() {
        Tools.require("tcpdump");
        Path pcaps = Corpus.pcaps();
        String dns = "udp port 53 or udp port 5353";
        return Stream.of(
                DynamicTest.dynamicTest("dns_udp", () -> compareWords(pcaps.resolve("tcpdump-dns_udp.pcap"), dns,
                        true)),
                DynamicTest.dynamicTest("DnsPackets", () -> compareWords(pcaps.resolve("pcpp-DnsPackets.pcap"), dns,
                        true)),
                DynamicTest.dynamicTest("v6 dns", () -> compareWords(pcaps.resolve("arkime-v6.pcap"), dns, true)),
                DynamicTest.dynamicTest("IcmpPackets", () -> compareWords(pcaps.resolve("pcpp-IcmpPackets.pcap"),
                        "icmp", false)),
                DynamicTest.dynamicTest("icmpv6", () -> compareWords(pcaps.resolve("tcpdump-icmpv6.pcap"), "icmp6",
                        false)),
                DynamicTest.dynamicTest("v6 icmp6", () -> compareWords(pcaps.resolve("arkime-v6.pcap"), "icmp6",
                        false)),
                DynamicTest.dynamicTest("arp", () -> compareWords(pcaps.resolve("suricata-decode-arp-2-arp.pcap"),
                        "arp", false)),
                DynamicTest.dynamicTest("QinQ arp", () -> compareWords(pcaps.resolve("tcpdump-802.1ad_QinQ.pcap"),
                        "", false)));
    }

    /**
     * TCP payloads on ports 80 and 8080: the request or status line tcpdump prints after {@code HTTP: }, and the
     * bare {@code HTTP} of a body's continuation, packet by packet (IPv4 and IPv6, pipelined requests).
     */
    @TestFactory
    Stream<DynamicTest> shouldPrintHttpFirstLinesAsTcpdumpDoes() {
        Tools.require("tcpdump");
        Path pcaps = Corpus.pcaps();
        return Stream.of("zeek-http-get.pcap", "zeek-http-pipelined-requests.pcap",
                "pcpp-four_ipv6_http_streams.pcap", "zeek-tcp-missing-syn.pcap").map(name ->
                DynamicTest.dynamicTest(name, () -> {
                    List<String> expected = lines(tcpdump(pcaps.resolve(name), "tcp"), false);
                    List<String> actual = lines(netzer(pcaps.resolve(name), "tcp"), false);
                    assertEquals(expected.size(), actual.size(), "packets");
                    int http = 0;
                    for (int i = 0; i < expected.size(); i++) {
                        List<String> want = groups("length \\d+: (HTTP.*)$", expected.get(i));
                        assertEquals(want, groups(" len \\d+ (HTTP.*)$", actual.get(i)), "packet " + (i + 1));
                        http += want.isEmpty() ? 0 : 1;
                    }
                    assertTrue(http > 0, "packets with an HTTP payload");
                }));
    }

    /**
     * The IPv6 extension-header chain in tcpdump's words ({@code HBH}, {@code DSTOPT}, {@code RT6 (...)},
     * {@code frag (OFFSET|LENGTH)}), packet by packet: a long chain of every kind, fragmented DNS and mDNS, and
     * atomic fragments.
     */
    @TestFactory
    Stream<DynamicTest> shouldPrintIpv6ExtensionHeadersAsTcpdumpDoes() {
        Tools.require("tcpdump");
        Path pcaps = Corpus.pcaps();
        String chain = "((?:(?:HBH|DSTOPT|RT6 \\([^)]*\\)|frag \\(\\d+\\|\\d+\\))(?: |$))+)";
        return Stream.of("libpcap-ipv6_ext_headers.pcap", "zeek-ipv6-fragmented-dns.pcap", "pcpp-ip6_fragments.pcap",
                "zeek-ipv6-http-atomic-frag.pcap").map(name -> DynamicTest.dynamicTest(name, () -> {
                    List<String> expected = lines(tcpdump(pcaps.resolve(name), "-t", "ip6"), false);
                    List<String> actual = lines(netzer(pcaps.resolve(name), "-t", "ip6"), false);
                    assertEquals(expected.size(), actual.size(), "packets");
                    int chains = 0;
                    for (int i = 0; i < expected.size(); i++) {
                        List<String> want = groups("^IP6 \\S+ > \\S+: " + chain, expected.get(i)).stream()
                                .map(String::strip).toList();
                        List<String> got = groups("^\\S+\\s+\\S+\\s+> \\S+\\s+" + chain, actual.get(i))
                                .stream().map(String::strip).toList();
                        assertEquals(want, got, "packet " + (i + 1) + ": " + actual.get(i));
                        chains += want.isEmpty() ? 0 : 1;
                    }
                    assertTrue(chains > 0, "packets with extension headers");
                }));
    }

    /**
     * The MPLS label stack in tcpdump's words: the corpus's labelled frame (a label above a cut IPv4 header), and
     * a two-label stack over IPv4/UDP written here, since the corpus has no deeper stack.
     */
    @Test
    void shouldPrintMplsLabelsAsTcpdumpDoes(@TempDir Path directory) throws Exception {
        Tools.require("tcpdump");
        byte[] frame = HexFormat.of().parseHex("0200000000020200000000018847" + "00010040" + "00011b3f"
                + "450000240001000040110000c0000201c0000202" + "303904d200100000" + "0102030405060708");
        ByteBuffer pcap = ByteBuffer.allocate(24 + 16 + frame.length).order(ByteOrder.LITTLE_ENDIAN);
        pcap.putInt(0xa1b2c3d4).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0).putInt(65535).putInt(1);
        pcap.putInt(1).putInt(0).putInt(frame.length).putInt(frame.length).put(frame);
        Path stacked = directory.resolve("mpls-two-labels.pcap");
        Files.write(stacked, pcap.array());
        String stack = "(MPLS(?: \\(label \\d+, tc \\d+(?:, \\[S\\])?, ttl \\d+\\))+)";
        for (Path file : List.of(Corpus.pcaps().resolve("pcpp-ip4_bad_fragment.pcap"), stacked)) {
            List<String> expected = lines(tcpdump(file, "-t"), false);
            List<String> actual = lines(netzer(file, "-t"), false);
            assertEquals(1, expected.size(), "labelled frames");
            assertEquals(expected.size(), actual.size(), "packets");
            List<String> want = groups(stack, expected.get(0));
            assertTrue(!want.isEmpty() && want.getFirst().contains("[S]"), expected.get(0));
            assertEquals(want, groups(stack, actual.get(0)), actual.get(0));
        }
    }

    /**
     * Compares what follows the addresses: the same text for DNS ({@code exact}); otherwise NetZer's words must
     * appear in tcpdump's, in order (tcpdump says more about some types: router advertisement lifetimes, time
     * stamps), commas aside.
     */
    private static void compareWords(Path file, String filter, boolean exact) throws Exception {
        List<String> expected = lines(tcpdump(file, "-t", filter), false);
        List<String> actual = lines(netzer(file, "-t", filter), false);
        assertEquals(expected.size(), actual.size(), "packets");
        for (int i = 0; i < expected.size(); i++) {
            String theirs = expected.get(i).replaceFirst("^(.*?: )?(ICMP6, |ICMP |ARP, )?", "")
                    .replaceFirst("^(vlan \\d+, p \\d+, ethertype \\S+( \\(0x[0-9a-f]+\\))?, )+", "");
            String ours = actual.get(i).replaceFirst("^\\S+\\s+\\S+\\s+> \\S+\\s+(vlan [\\d,]+ )?", "");
            if (exact) {
                assertEquals(theirs, ours, "packet " + (i + 1));
                continue;
            }
            List<String> theirWords = words(theirs);
            int at = 0;
            for (String word : words(ours)) {
                while (at < theirWords.size() && !theirWords.get(at).equals(word)) {
                    at++;
                }
                assertTrue(at < theirWords.size(), "packet " + (i + 1) + ": '" + word + "' of '" + ours
                        + "' not in '" + theirs + "'");
                at++;
            }
        }
    }

    @TestFactory
    Stream<DynamicTest> shouldListTcpOptionsInWireOrderAsTcpdumpDoes() {
        Tools.require("tcpdump");
        Path pcaps = Corpus.pcaps();
        List<DynamicTest> tests = new ArrayList<>();
        for (String file : List.of("arkime-wireshark-retrans.pcap", "suricata-tls-subjectaltname.pcap",
                "tcpdump-tcp-handshake-nano.pcap")) {
            for (List<String> numbering : List.of(List.of("tcp"), List.of("-S", "tcp"))) {
                tests.add(DynamicTest.dynamicTest(file + " " + numbering, () -> {
                    String[] options = numbering.toArray(String[]::new);
                    List<String> expected = lines(tcpdump(pcaps.resolve(file), options), false);
                    List<String> actual = lines(netzer(pcaps.resolve(file), options), false);
                    assertEquals(expected.size(), actual.size(), "packets");
                    for (int i = 0; i < expected.size(); i++) {
                        assertEquals(groups("options \\[([^]]*)\\]", expected.get(i)),
                                groups(" <([^>]*)>", actual.get(i)), "packet " + (i + 1));
                    }
                }));
            }
        }
        return tests.stream();
    }

    /** The words of a text, without the commas and colons that end some of them. */
    private static List<String> words(String text) {
        return Stream.of(text.split("\\s+")).map(w -> w.replaceAll("[,:]$", "")).toList();
    }

    /**
     * Runs both with {@code options} and compares, packet by packet, the groups of the first of {@code patterns}
     * that matches tcpdump's text of the packet (its line and, under {@code -v}, the continuation line).
     */
    private static void compareTokens(Path file, List<String> options, String... patterns) throws Exception {
        boolean verbose = options.contains("-v");
        List<String> expected = lines(tcpdump(file, options.toArray(String[]::new)), verbose);
        List<String> actual = lines(netzer(file, options.toArray(String[]::new)), verbose);
        assertEquals(expected.size(), actual.size(), "packets");
        for (int i = 0; i < expected.size(); i++) {
            for (String pattern : patterns) {
                List<String> want = groups(pattern, expected.get(i));
                if (!want.isEmpty()) {
                    assertEquals(want, groups(pattern, actual.get(i)), "packet " + (i + 1) + ": " + actual.get(i));
                    break;
                }
            }
        }
    }

    private static List<String> groups(String pattern, String text) {
        Matcher matcher = Pattern.compile(pattern).matcher(text);
        List<String> groups = new ArrayList<>();
        if (matcher.find()) {
            for (int g = 1; g <= matcher.groupCount(); g++) {
                groups.add(matcher.group(g));
            }
        }
        return groups;
    }

    /** Each packet's text: its line, joined under {@code -v} with tcpdump's indented continuation lines. */
    private static List<String> lines(String output, boolean verbose) {
        List<String> packets = new ArrayList<>();
        for (String line : output.split("\n")) {
            if (verbose && (line.startsWith(" ") || line.startsWith("\t")) && !packets.isEmpty()) {
                packets.set(packets.size() - 1, packets.getLast() + " " + line.strip());
            } else if (!line.isEmpty()) {
                packets.add(line);
            }
        }
        return packets;
    }

    /** Each packet's dump: everything after its line, up to the next packet's line. */
    private static List<String> dumps(String output) {
        List<String> dumps = new ArrayList<>();
        Matcher matcher = PACKET_START.matcher(output);
        List<Integer> starts = new ArrayList<>();
        while (matcher.find()) {
            starts.add(matcher.start());
        }
        for (int i = 0; i < starts.size(); i++) {
            int end = i + 1 < starts.size() ? starts.get(i + 1) : output.length();
            String packet = output.substring(starts.get(i), end);
            dumps.add(packet.substring(packet.indexOf('\n')));
        }
        return dumps;
    }

    private static String tcpdump(Path file, String... options) throws Exception {
        List<String> command = new ArrayList<>(List.of("tcpdump", "-nn", "-r", file.toString()));
        command.addAll(List.of(options));
        Tools.Result result = Tools.run(command);
        assertEquals(0, result.exitCode(), result.stderr());
        return result.stdout();
    }

    private static String netzer(Path file, String... options) {
        List<String> args = new ArrayList<>(List.of("-r", file.toString()));
        args.addAll(List.of(options));
        NetzerCli.Result result = NetzerCli.run(args.toArray(String[]::new));
        assertEquals(0, result.exitCode(), result.stderr());
        return new String(result.stdout(), StandardCharsets.ISO_8859_1);
    }
}
