package io.netzer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netzer.testing.Corpus;
import io.netzer.testing.NetzerCli;
import io.netzer.testing.Tools;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * {@code -vv}'s checksum verdicts against tcpdump 4.99's, packet by packet: the IPv4 header (tcpdump says only
 * {@code bad cksum X (->Y)!}), TCP ({@code cksum 0x0001 (incorrect -> 0x1c60)}), UDP ({@code [udp sum ok]},
 * {@code [bad udp cksum 0xX -> 0xY!]}, {@code [no cksum]}), ICMP (only {@code wrong icmp cksum X (->Y)!}) and
 * ICMPv6 ({@code [icmp6 sum ok]}), each reduced to the layer, the verdict and the right checksum. The packet
 * quoted in an ICMP error is not checked by NetZer (tcpdump checks it too).
 */
class ChecksumAgreementTest {
    private static final Pattern THEIRS = Pattern.compile("bad cksum \\p{XDigit}+ \\(->(\\p{XDigit}+)\\)!"
            + "|cksum 0x\\p{XDigit}{4} \\((correct|incorrect -> 0x(\\p{XDigit}{4}))\\)"
            + "|\\[(udp|icmp6) sum ok\\]|\\[bad (udp|icmp6) cksum 0x\\p{XDigit}+ -> 0x(\\p{XDigit}+)!\\]"
            + "|\\[no cksum\\]|wrong icmp cksum \\p{XDigit}+ \\(->(\\p{XDigit}+)\\)!");
    private static final Pattern OURS = Pattern.compile(
            " (ip|tcp|udp|icmp|icmp6) cksum (?:none|0x\\p{XDigit}{4} \\((correct|incorrect -> 0x(\\p{XDigit}{4}))\\))");

    @TestFactory
    Stream<DynamicTest> shouldVerifyChecksumsAsTcpdumpDoes() {
        Tools.require("tcpdump");
        return Stream.of("zeek-chksums-ip4-tcp-bad-chksum.pcap", "tcpdump-dns_udp.pcap", "pcpp-IcmpPackets.pcap",
                "arkime-v6.pcap", "tcpdump-icmpv6.pcap", "zeek-tcp-handshake-reorder.pcap").map(name ->
                DynamicTest.dynamicTest(name, () -> {
                    String file = Corpus.pcaps().resolve(name).toString();
                    Tools.Result tcpdump = Tools.run("tcpdump", "-nn", "-vv", "-r", file);
                    assertEquals(0, tcpdump.exitCode(), tcpdump.stderr());
                    NetzerCli.Result netzer = NetzerCli.run("-r", file, "-vv");
                    assertEquals(0, netzer.exitCode(), netzer.stderr());
                    List<String> expected = packets(tcpdump.stdout());
                    List<String> actual = new String(netzer.stdout(), StandardCharsets.ISO_8859_1).lines().toList();
                    assertEquals(expected.size(), actual.size(), "packets");
                    int verdicts = 0;
                    for (int i = 0; i < expected.size(); i++) {
                        List<String> want = theirs(expected.get(i));
                        assertEquals(want, ours(actual.get(i)), "packet " + (i + 1) + ": " + expected.get(i));
                        verdicts += (int) OURS.matcher(actual.get(i)).results().count();
                    }
                    assertTrue(verdicts > 0, "no checksum checked in " + name);
                    String unchecked = new String(NetzerCli.run("-r", file, "-vvK").stdout(),
                            StandardCharsets.ISO_8859_1);
                    assertTrue((unchecked.contains("ttl ") || unchecked.contains("hlim "))
                            && !unchecked.contains(" cksum "), "-K: the IP fields without checksums");
                }));
    }

    /** tcpdump's verdicts for the packet itself: an ICMP error's quoted packet (checked by tcpdump too) cut off. */
    private static List<String> theirs(String line) {
        List<String> verdicts = new ArrayList<>();
        int icmp = line.indexOf(": ICMP");
        int quoted = icmp < 0 ? -1 : line.indexOf(" IP (", icmp);
        Matcher m = THEIRS.matcher(quoted < 0 ? line : line.substring(0, quoted));
        while (m.find()) {
            String text = m.group();
            if (m.group(1) != null) {
                verdicts.add("ip bad " + pad(m.group(1)));
            } else if (m.group(2) != null) {
                verdicts.add(m.group(3) == null ? "tcp ok" : "tcp bad " + m.group(3));
            } else if (m.group(4) != null) {
                verdicts.add(m.group(4) + " ok");
            } else if (m.group(5) != null) {
                verdicts.add(m.group(5) + " bad " + pad(m.group(6)));
            } else if (text.equals("[no cksum]")) {
                verdicts.add("udp none");
            } else {
                verdicts.add("icmp bad " + pad(m.group(7)));
            }
        }
        return verdicts;
    }

    /** Ours in the same words; a correct IPv4 header or ICMP checksum is left out, as tcpdump says nothing. */
    private static List<String> ours(String line) {
        List<String> verdicts = new ArrayList<>();
        Matcher m = OURS.matcher(line);
        while (m.find()) {
            String layer = m.group(1);
            if (m.group(2) == null) {
                verdicts.add(layer + " none");
            } else if (m.group(3) != null) {
                verdicts.add(layer + " bad " + m.group(3));
            } else if (!layer.equals("ip") && !layer.equals("icmp")) {
                verdicts.add(layer + " ok");
            }
        }
        return verdicts;
    }

    private static String pad(String hex) {
        return "0".repeat(Math.max(0, 4 - hex.length())) + hex;
    }

    /** Each packet's text: its line joined with tcpdump's indented continuation lines. */
    private static List<String> packets(String output) {
        List<String> packets = new ArrayList<>();
        for (String line : output.split("\n")) {
            if ((line.startsWith(" ") || line.startsWith("\t")) && !packets.isEmpty()) {
                packets.set(packets.size() - 1, packets.getLast() + " " + line.strip());
            } else if (!line.isEmpty()) {
                packets.add(line);
            }
        }
        return packets;
    }
}
