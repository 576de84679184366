package io.netzer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netzer.testing.Corpus;
import io.netzer.testing.NetzerCli;
import io.netzer.testing.Tools;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code --dump-streams} against tcpflow (the oracle for reassembled bytes): for every readable file of the
 * corpus, every stream file is byte-identical to tcpflow's, or differs for a reason named here. The reasons:
 *
 * <ul>
 *   <li>tcpflow 1.6 takes the bytes after the IP datagram (Ethernet padding of short frames, trailers, a frame
 *       check sequence) as TCP payload and writes them at the segment's offset, so its file may be longer, hold
 *       a file of padding for a packet after the FINs ({@code c1}), or have padding where a later segment's
 *       bytes belong. Accepted when the bytes that differ are no more than the padding bytes the capture holds
 *       in that direction (counted by tshark: {@code eth.padding}, {@code eth.trailer}, {@code eth.fcs}).</li>
 *   <li>tcpflow names a tagged flow by the whole 802.1Q TCI ({@code --45056} for priority 5, DEI 1, VLAN 0);
 *       NetZer by the VLAN id: names are compared with tcpflow's suffix reduced to its VLAN id.</li>
 *   <li>Files and streams tcpflow cannot read, and streams listed in {@link #DIFFERENT} with their reason.</li>
 * </ul>
 *
 * Any other difference fails the test, and so does a listed difference that went away.
 */
class TcpflowAgreementTest {
    /** Files of which tcpflow reads some streams or none, so NetZer writes streams it does not. */
    private static final Map<String, String> TCPFLOW_CANNOT_READ = Map.of(
            "pcpp-many_interfaces-1.pcapng", "tcpflow stops: interfaces of different link types in one pcapng",
            "pcpp-pcapng-example.pcapng", "tcpflow stops at the second interface: it has another link type",
            "pcpp-null_loopback.pcap", "tcpflow takes only IPv4 from BSD loopback (DLT_NULL) headers",
            "suricata-decode-sll2-02.pcap", "tcpflow does not know Linux cooked v2 (link type 276)",
            "zeek-tls-openjdk-25.0.2-zeek.org.pcap", "tcpflow does not know Linux cooked v2 (link type 276)",
            "zeek-linux_dlt_sll2.pcap", "tcpflow does not know Linux cooked v2 (link type 276)",
            "zeek-ipv6-http-atomic-frag.pcap", "the client's packets carry an IPv6 fragment header (an atomic "
                    + "fragment, RFC 6946) that tcpflow does not follow");

    /** Streams that differ for a reason found by looking at their packets: file/stream to reason. */
    private static final Map<String, String> DIFFERENT = Map.of(
            "suricata-eve-overlap-payload-tcp-overlap.pcap/001.001.001.001.12345-002.002.002.002.08080--6",
            "overlap with different bytes: NetZer keeps the first bytes, tcpflow the last write",
            "zeek-tcp-reassembly.pcap/063.193.213.194.02564-128.003.097.175.00080",
            "overlaps with different bytes (4, Zeek's overlap test): NetZer keeps the first, tcpflow the last",
            "pcpp-tls2.pcap/216.058.194.162.00443-192.168.000.017.49808",
            "gap: the capture lacks 580 bytes the client acknowledged, so NetZer skipped them at the ACK; the "
                    + "server's later (spurious) retransmission of them comes after the skip, and tcpflow writes it",
            "pcpp-many-protocols.pcap/010.000.000.001.55260-212.058.244.071.00080c1",
            "a keep-alive byte after the client's FIN: tcpflow opens a new connection file (c1) for it; NetZer "
                    + "counts it as a retransmitted byte of the stream it belongs to");

    private static final Pattern NAME = Pattern.compile("(.*\\.\\d{5})(?:--(\\d+))?(c\\d+)?");
    private static final int VLAN_ID_MASK = 0xfff;

    static Stream<Path> files() throws IOException {
        Tools.require("tcpflow");
        Tools.require("tshark");
        return Corpus.readableFiles().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("files")
    void shouldWriteTheStreamsTcpflowWrites(Path file, @TempDir Path work) throws Exception {
        String fileName = file.getFileName().toString();
        Path ours = work.resolve("netzer");
        Path theirs = work.resolve("tcpflow");
        NetzerCli.Result result = NetzerCli.run("-r", file.toString(), "--dump-streams", ours.toString());
        assertEquals(0, result.exitCode(), result.stderr());
        Files.createDirectories(theirs);
        Tools.Result tcpflow = Tools.run("tcpflow", "-r", file.toString(), "-o", theirs.toString());
        assertTrue(tcpflow.exitCode() == 0 || TCPFLOW_CANNOT_READ.containsKey(fileName), tcpflow.stderr());

        Map<String, Path> ourStreams = streams(ours, false);
        Map<String, Path> theirStreams = streams(theirs, true);
        Map<String, Long> padding = null;
        List<String> unexplained = new ArrayList<>();
        TreeSet<String> names = new TreeSet<>(ourStreams.keySet());
        names.addAll(theirStreams.keySet());
        for (String name : names) {
            byte[] mine = read(ourStreams.get(name));
            byte[] tcpflows = read(theirStreams.get(name));
            String key = fileName + "/" + name;
            long differing = differingBytes(mine, tcpflows);
            if (DIFFERENT.containsKey(key)) {
                assertTrue(differing > 0, key + " is listed as different but agrees now: remove it from the list");
                continue;
            }
            if (differing == 0 || tcpflows.length == 0 && TCPFLOW_CANNOT_READ.containsKey(fileName)) {
                continue;
            }
            if (padding == null) {
                padding = paddingPerDirection(file);
            }
            long paddingBytes = padding.getOrDefault(baseName(name), 0L);
            if (tcpflows.length < mine.length || differing > paddingBytes) {
                unexplained.add(key + ": " + mine.length + " bytes here, " + tcpflows.length + " from tcpflow, "
                        + differing + " differ, " + paddingBytes + " bytes of frame padding in that direction");
            }
        }
        assertTrue(unexplained.isEmpty(), "unexplained differences from tcpflow:\n" + String.join("\n", unexplained));
    }

    /** The stream files of a directory by name; tcpflow's VLAN suffix reduced to the VLAN id. */
    private static Map<String, Path> streams(Path directory, boolean tcpflow) throws IOException {
        Map<String, Path> streams = new HashMap<>();
        if (!Files.isDirectory(directory)) {
            return streams;
        }
        try (Stream<Path> files = Files.list(directory)) {
            for (Path path : files.toList()) {
                String name = path.getFileName().toString();
                Matcher matcher = NAME.matcher(name);
                if (!matcher.matches()) {
                    continue;
                }
                if (tcpflow && matcher.group(2) != null) {
                    name = matcher.group(1) + "--" + (Integer.parseInt(matcher.group(2)) & VLAN_ID_MASK)
                            + (matcher.group(3) == null ? "" : matcher.group(3));
                }
                streams.put(name, path);
            }
        }
        return streams;
    }

    private static byte[] read(Path path) throws IOException {
        return path == null ? new byte[0] : Files.readAllBytes(path);
    }

    /** Bytes that differ where both files have them, plus the difference in length. */
    private static long differingBytes(byte[] a, byte[] b) {
        long count = Math.abs(a.length - b.length);
        int common = Math.min(a.length, b.length);
        if (Arrays.equals(a, 0, common, b, 0, common)) {
            return count;
        }
        for (int i = 0; i < common; i++) {
            count += a[i] != b[i] ? 1 : 0;
        }
        return count;
    }

    /** The name without VLAN and connection suffixes: {@code SRCIP.SRCPORT-DSTIP.DSTPORT}. */
    private static String baseName(String name) {
        Matcher matcher = NAME.matcher(name);
        return matcher.matches() ? matcher.group(1) : name;
    }

    /** Bytes after the IP datagram in each TCP direction's frames (padding, trailer, FCS), as tshark finds them. */
    private static Map<String, Long> paddingPerDirection(Path file) throws IOException, InterruptedException {
        Tools.Result result = Tools.run("tshark", "-r", file.toString(), "-Y", "tcp", "-T", "fields", "-E",
                "separator=|", "-e", "ip.src", "-e", "ipv6.src", "-e", "tcp.srcport", "-e", "ip.dst", "-e",
                "ipv6.dst", "-e", "tcp.dstport", "-e", "eth.padding", "-e", "eth.trailer", "-e", "eth.fcs");
        Map<String, Long> padding = new HashMap<>();
        for (String line : result.stdout().split("\n")) {
            String[] f = line.split("\\|", -1);
            if (f.length < 9) {
                continue;
            }
            String name = endpoint(f[0], f[1], f[2]) + "-" + endpoint(f[3], f[4], f[5]);
            long bytes = f[6].length() / 2 + f[7].length() / 2 + (f[8].isEmpty() ? 0 : Integer.BYTES);
            padding.merge(name, bytes, Long::sum);
        }
        return padding;
    }

    private static String endpoint(String ipv4, String ipv6, String port) {
        // Tunnels list the outer address first; the flow is the inner one.
        String[] v4 = ipv4.split(",");
        String[] v6 = ipv6.split(",");
        String address;
        if (!ipv4.isEmpty()) {
            StringBuilder padded = new StringBuilder();
            for (String octet : v4[v4.length - 1].split("\\.")) {
                padded.append(padded.isEmpty() ? "" : ".").append(String.format("%03d", Integer.parseInt(octet)));
            }
            address = padded.toString();
        } else {
            address = v6[v6.length - 1];
        }
        String[] ports = port.split(",");
        return address + "." + String.format("%05d", Integer.parseInt(ports[ports.length - 1]));
    }
}
