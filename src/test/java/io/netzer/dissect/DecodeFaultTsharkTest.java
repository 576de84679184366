package io.netzer.dissect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netzer.capture.CaptureFileException;
import io.netzer.capture.CaptureFiles;
import io.netzer.capture.PacketBatch;
import io.netzer.capture.PacketSource;
import io.netzer.testing.Corpus;
import io.netzer.testing.LinkTypeFrames;
import io.netzer.testing.Tools;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A decode fault's layer and offset against tshark's: in tshark's PDML, the last protocol of a packet that it
 * marks malformed or short ({@code _ws.malformed}, {@code _ws.short}: "[Packet size limited during capture]") is
 * the one it could not finish, and its {@code pos} is where that protocol starts. Over the Ethernet frames of
 * {@link DecodeFaultTest} and every packet of the corpus that NetZer finds faulty. Where tshark gives the lengths in
 * its expert message (an IPv4 header length below 20), they are compared too.
 */
class DecodeFaultTsharkTest {
    private static final Pattern PROTO = Pattern.compile("<proto name=\"([^\"]+)\"[^>]*? pos=\"(\\d+)\"");
    private static final Pattern BOGUS_IHL = Pattern.compile("Bogus IP header length \\((\\d+), must be at least "
            + "(\\d+)\\)");
    /** tshark's protocol names for NetZer's layers. */
    private static final Map<String, String> LAYERS = Map.ofEntries(Map.entry("eth", "ethernet"),
            Map.entry("vlan", "vlan"), Map.entry("ieee8021ad", "vlan"), Map.entry("mpls", "mpls"),
            Map.entry("pppoes", "pppoe"), Map.entry("arp", "arp"), Map.entry("ip", "ipv4"),
            Map.entry("ipv6", "ipv6"), Map.entry("ipv6.hopopts", "ipv6_extension"),
            Map.entry("ipv6.routing", "ipv6_extension"), Map.entry("ipv6.fraghdr", "ipv6_extension"),
            Map.entry("ipv6.dstopts", "ipv6_extension"), Map.entry("tcp", "tcp"), Map.entry("udp", "udp"),
            Map.entry("icmp", "icmp"), Map.entry("icmpv6", "ipv6-icmp"));
    /**
     * Frames where tshark stops elsewhere, by case name or file and packet, with why: tshark leaves a header out of
     * its tree when too few of its bytes are there (its last protocol is then the one before NetZer's layer), and
     * it has no cap where NetZer has one.
     */
    private static final Map<String, String> KNOWN_DIFFERENCES = Map.ofEntries(
            Map.entry("ethernet cut at 13 bytes", "tshark shows no protocol in a frame shorter than Ethernet's"),
            Map.entry("zeek-trunc-trunc-hdr.pcap#1", "8 bytes captured: tshark shows no protocol"),
            Map.entry("mpls label cut after 2 bytes", "tshark leaves the cut label out: its last is eth@0"),
            Map.entry("ipv4 absent after its ethertype", "no IPv4 byte: tshark's last protocol is eth@0"),
            Map.entry("icmp cut at 3 bytes", "tshark leaves a 3-byte ICMP header out: its last is ip@14"),
            Map.entry("ipv6 chain cut inside its second header", "tshark leaves the 3-byte Fragment header out"),
            Map.entry("zeek-trunc-ip6-ext-trunc.pcap#1", "no byte of the extension header: tshark's last is ipv6@14"),
            Map.entry("ipv6 extension cut after its next header", "tshark leaves a 1-byte extension header out"),
            Map.entry("ipv4 ihl 4 cut at 12 bytes", "NetZer counts the cut (truncated_ipv4), tshark the IHL of 16"),
            Map.entry("ethernet inside vxlan cut at 10 bytes", "tshark leaves the cut inner Ethernet out"),
            Map.entry("nine stacked vlan tags", "tshark has no cap on VLAN tags and decodes the UDP inside"),
            Map.entry("nine mpls labels", "tshark has no cap on MPLS labels and decodes the UDP inside"),
            Map.entry("ipv6 loop of 200 hop-by-hop headers", "tshark walks all 200 headers"),
            Map.entry("four nested ip-in-ip tunnels", "tshark decodes every level of tunnel"),
            Map.entry("version 6 under ethertype ipv4", "tshark decodes the header by its version, as IPv6"));

    @TempDir
    Path directory;

    @Test
    void shouldFaultAtTheLayerAndOffsetWhereTsharkStopsOnCraftedFrames() throws IOException, InterruptedException {
        Tools.require("tshark");
        List<DecodeFaultTest.Case> cases = DecodeFaultTest.cases()
                .filter(c -> c.linkType() == LinkType.ETHERNET).toList();
        List<byte[]> frames = cases.stream().map(DecodeFaultTest.Case::frame).toList();
        Path file = directory.resolve("faults.pcap");
        Files.write(file, LinkTypeFrames.pcap(LinkType.ETHERNET, frames));
        List<String> tshark = tsharkFaults(file);

        Dissector dissector = new Dissector();
        List<String> mismatches = new ArrayList<>();
        for (int i = 0; i < cases.size(); i++) {
            dissector.dissect(Frames.packet(LinkType.ETHERNET, frames.get(i)));
            compare(cases.get(i).name(), tshark.get(i), dissector, mismatches);
        }
        assertEquals(List.of(), mismatches);
    }

    @Test
    void shouldFaultAtTheLayerAndOffsetWhereTsharkStopsOnTheCorpus() throws IOException, InterruptedException {
        Tools.require("tshark");
        Dissector dissector = new Dissector();
        List<String> mismatches = new ArrayList<>();
        int faults = 0;
        for (Path file : Corpus.readableFiles()) {
            Map<Integer, String> netzer = netzerFaults(file, dissector);
            if (netzer.isEmpty()) {
                continue;
            }
            List<String> tshark = tsharkFaults(file);
            for (Map.Entry<Integer, String> fault : netzer.entrySet()) {
                String id = file.getFileName() + "#" + fault.getKey();
                String expected = tshark.get(fault.getKey() - 1);
                if (!expected.equals(fault.getValue()) && !KNOWN_DIFFERENCES.containsKey(id)) {
                    mismatches.add(id + ": tshark " + expected + ", netzer " + fault.getValue());
                }
                faults++;
            }
        }
        assertTrue(faults > 0, "the corpus holds faulty packets");
        assertEquals(List.of(), mismatches);
    }

    private static void compare(String name, String expected, Dissector dissector, List<String> mismatches) {
        String actual = describe(dissector);
        if (!expected.equals(actual) && !KNOWN_DIFFERENCES.containsKey(name)) {
            mismatches.add(name + ": tshark " + expected + ", netzer " + actual);
        }
    }

    /** The fault as {@code layer@offset}, with {@code required/actual} where tshark prints them. */
    private static String describe(Dissector d) {
        String fault = d.faultLayer().keyword() + "@" + d.faultOffset();
        if (d.status() == DecodeStatus.BAD_IPV4_HEADER_LENGTH.code()) {
            fault += " " + d.faultRequiredLength() + "/" + d.faultActualLength();
        }
        return fault;
    }

    /** The faults NetZer finds in a file, by packet number. */
    private static Map<Integer, String> netzerFaults(Path file, Dissector dissector) throws IOException {
        Map<Integer, String> faults = new TreeMap<>();
        Packet packet = new Packet();
        PacketBatch batch = new PacketBatch();
        int number = 0;
        try (PacketSource source = CaptureFiles.open(file)) {
            while (source.nextBatch(batch)) {
                for (int i = 0; i < batch.count(); i++) {
                    batch.packet(i, packet);
                    number++;
                    if (dissector.dissect(packet) != 0) {
                        faults.put(number, describe(dissector));
                    }
                }
            }
        } catch (CaptureFileException e) {
            // A file cut short delivers its good packets first; those are the ones compared.
        }
        return faults;
    }

    /** Per packet, tshark's last protocol before it marked the packet malformed or short, as {@code layer@pos}. */
    private static List<String> tsharkFaults(Path file) throws IOException, InterruptedException {
        Tools.Result result = Tools.run("tshark", "-r", file.toString(), "-o", "tcp.desegment_tcp_streams:FALSE",
                "-o", "ip.defragment:FALSE", "-T", "pdml");
        assertEquals(0, result.exitCode(), result.stderr());
        List<String> faults = new ArrayList<>();
        for (String packet : result.stdout().split("<packet>")) {
            if (!packet.contains("</packet>")) {
                continue;
            }
            String last = "none";
            Matcher proto = PROTO.matcher(packet);
            while (proto.find()) {
                String layer = LAYERS.get(proto.group(1));
                if (layer != null) {
                    last = layer + "@" + proto.group(2);
                }
            }
            Matcher ihl = BOGUS_IHL.matcher(packet);
            if (ihl.find()) {
                last += " " + ihl.group(2) + "/" + ihl.group(1);
            }
            faults.add(last);
        }
        return faults;
    }
}
