package io.netzer.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netzer.dissect.LinkType;
import io.netzer.testing.LinkTypeFrames;
import io.netzer.testing.NetzerCli;
import io.netzer.testing.Tools;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Files of the link types the corpus lacks: read, decoded to the five-tuples tshark decodes, written back to pcap
 * byte for byte; a link type NetZer does not decode is refused with one line.
 */
class LinkTypeFilesTest {
    @TempDir
    Path dir;

    private Path file(String name, int linkType, List<byte[]> frames) throws Exception {
        return Files.write(dir.resolve(name + ".pcap"), LinkTypeFrames.pcap(linkType, frames));
    }

    private List<Path> files() throws Exception {
        List<byte[]> packets = LinkTypeFrames.ipPackets();
        List<byte[]> ppp = new ArrayList<>();
        packets.forEach(ip -> ppp.add(LinkTypeFrames.ppp(ip, true)));
        packets.forEach(ip -> ppp.add(LinkTypeFrames.ppp(ip, false)));
        return List.of(file("ppp", LinkType.PPP, ppp),
                file("ppp-serial", LinkType.PPP_HDLC,
                        packets.stream().map(ip -> LinkTypeFrames.ppp(ip, true)).toList()),
                file("c-hdlc", LinkType.C_HDLC, packets.stream().map(LinkTypeFrames::ciscoHdlc).toList()),
                file("ipv4", LinkType.IPV4, packets.stream().filter(p -> (p[0] >>> 4) == 4).toList()),
                file("ipv6", LinkType.IPV6, packets.stream().filter(p -> (p[0] >>> 4) == 6).toList()),
                file("pppoe", LinkType.ETHERNET, packets.stream().map(LinkTypeFrames::pppoe).toList()));
    }

    @Test
    void shouldDecodeTheFiveTuplesTsharkDecodes() throws Exception {
        Tools.require("tshark");
        for (Path file : files()) {
            Tools.Result tshark = Tools.run("tshark", "-r", file.toString(), "-T", "fields", "-E", "separator=,",
                    "-e", "ip.src", "-e", "ipv6.src", "-e", "ip.dst", "-e", "ipv6.dst",
                    "-e", "tcp.srcport", "-e", "udp.srcport", "-e", "tcp.dstport", "-e", "udp.dstport");
            assertEquals(0, tshark.exitCode(), tshark.stderr());
            List<String> expected = tshark.stdout().lines().map(LinkTypeFilesTest::tsharkTuple).toList();

            NetzerCli.Result run = NetzerCli.run("-r", file.toString(), "--json");
            assertEquals(0, run.exitCode(), run.stderr());
            List<String> ours = run.stdoutText().lines().filter(l -> l.contains("netzer.packet"))
                    .map(LinkTypeFilesTest::tuple).toList();
            assertEquals(expected, ours, file.getFileName().toString());
        }
    }

    /** tshark's columns in pairs (IPv4 or IPv6, TCP or UDP), each pair reduced to the one present. */
    private static String tsharkTuple(String line) {
        String[] c = line.split(",", -1);
        return c[0] + c[1] + "," + c[4] + c[5] + "," + c[2] + c[3] + "," + c[6] + c[7];
    }

    /** Source ip and port, destination ip and port of a packet event (a port empty without TCP or UDP). */
    private static String tuple(String json) {
        return field(json, "\"source\":{") + "," + field(json, "\"destination\":{");
    }

    private static String field(String json, String object) {
        String endpoint = json.substring(json.indexOf(object));
        endpoint = endpoint.substring(0, endpoint.indexOf('}'));
        String ip = endpoint.replaceAll(".*\"ip\":\"([^\"]*)\".*", "$1");
        String port = endpoint.contains("\"port\":") ? endpoint.replaceAll(".*\"port\":(\\d+).*", "$1") : "";
        return ip + "," + port;
    }

    @Test
    void shouldPrintTheLinkHeaderAsTcpdumpDoesWithE() throws Exception {
        Tools.require("tcpdump");
        for (Path file : files()) {
            Tools.Result tcpdump = Tools.run("tcpdump", "-e", "-n", "-r", file.toString());
            NetzerCli.Result run = NetzerCli.run("-e", "-n", "-r", file.toString());
            assertEquals(0, run.exitCode(), run.stderr());
            List<String> theirs = tcpdump.stdout().lines().map(LinkTypeFilesTest::linkHeader).toList();
            List<String> ours = run.stdoutText().lines().map(LinkTypeFilesTest::linkHeader).toList();
            // Where tcpdump prints no link header (raw IPv4 and IPv6, PPP in HDLC framing), NetZer prints the length.
            for (int i = 0; i < theirs.size(); i++) {
                if (theirs.get(i).isEmpty() && ours.get(i).startsWith("length ")) {
                    ours = new ArrayList<>(ours);
                    ours.set(i, "");
                }
            }
            assertEquals(theirs, ours, file.getFileName().toString());
        }
    }

    /** The link header of a {@code -e} line: from after the time to the colon after {@code length N}. */
    private static String linkHeader(String line) {
        String rest = line.substring(line.indexOf(' ') + 1);
        int length = rest.indexOf("length ");
        return length < 0 ? "" : rest.substring(0, rest.indexOf(':', length) + 1);
    }

    @Test
    void shouldWriteThePacketsBackUnchanged() throws Exception {
        for (Path file : files()) {
            Path out = dir.resolve("copy-" + file.getFileName());
            NetzerCli.Result run = NetzerCli.run("-r", file.toString(), "-w", out.toString());
            assertEquals(0, run.exitCode(), run.stderr());
            byte[] in = Files.readAllBytes(file);
            byte[] written = Files.readAllBytes(out);
            assertArrayEquals(Arrays.copyOfRange(in, 20, 24), Arrays.copyOfRange(written, 20, 24), "link type");
            assertArrayEquals(Arrays.copyOfRange(in, 24, in.length), Arrays.copyOfRange(written, 24, written.length),
                    file.getFileName() + ": records");
        }
    }

    @Test
    void shouldRefuseALinkTypeItDoesNotDecodeWithOneLine() throws Exception {
        Path wlan = file("wlan", 105, List.of(new byte[24]));
        NetzerCli.Result run = NetzerCli.run("-r", wlan.toString());

        assertEquals(1, run.exitCode());
        List<String> lines = run.stderr().lines().toList();
        assertEquals(1, lines.size(), run.stderr());
        assertTrue(lines.get(0).startsWith("netzer: " + wlan + ": link type 105 "), lines.get(0));
        assertTrue(lines.get(0).contains("228, 229"), lines.get(0));
    }
}
