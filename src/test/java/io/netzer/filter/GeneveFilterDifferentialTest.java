package io.netzer.filter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.netzer.dissect.LinkType;
import io.netzer.dissect.TunnelFrames;
import io.netzer.testing.LinkTypeFrames;
import io.netzer.testing.TestNetwork;
import io.netzer.testing.Tools;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * libpcap's {@code geneve} keyword: the packets kept from generated Geneve captures (over IPv4 and IPv6, with and
 * without options, Ethernet or bare IP inside, tagged, nested, cut, fragmented, and UDP that is not Geneve) are
 * tcpdump's for every expression below, on Ethernet and on Linux cooked v1 and raw IP links (the inner link is
 * Ethernet whatever the outer one); the kernel accepts every program, and lets through from a veth exactly what
 * the interpreter accepts. The installed libpcap (1.10) has no {@code vxlan} keyword: NetZer refuses it as
 * libpcap does.
 */
class GeneveFilterDifferentialTest {
    private static final List<String> EXPRESSIONS = List.of("geneve", "geneve 5", "geneve 0xabcdef", "geneve (7)",
            "geneve 6", "not geneve", "geneve and tcp", "geneve and udp", "geneve and ip", "geneve and ip6",
            "geneve and not tcp", "geneve and tcp port 443", "geneve and udp port 53", "geneve 5 and udp port 53",
            "geneve and (port 53 or port 443)", "tcp or geneve", "udp port 6081 and geneve",
            "geneve and host 192.0.2.1", "geneve and dst host 198.51.100.2", "geneve and ip6 host 2001:db8::1",
            "geneve and net 192.0.2.0/24", "geneve and ether src 02:00:00:00:00:a1",
            "geneve and ether host 02:00:00:00:00:a2 and tcp", "geneve and vlan", "geneve and vlan 10 and tcp",
            "geneve and geneve", "geneve 11 and geneve 7 and tcp", "vlan and geneve", "vlan 5 and geneve and tcp",
            "geneve and ip[9] = 6", "geneve and tcp[13] & 0x18 != 0", "geneve and ether[12:2] = 0x0800",
            "geneve and ip6[6] = 17", "geneve and ip proto 6", "geneve and tcp portrange 400-500",
            "geneve and greater 120", "geneve and (tcp or udp) and not port 53", "geneve and icmp",
            "geneve and arp", "geneve and ether multicast", "geneve and ether broadcast",
            "geneve and not ether src 02:00:00:00:00:a1", "geneve 16777215", "geneve 16777216", "vxlan", "vxlan 5",
            "host vxlan");

    @TempDir
    Path dir;

    private Path capture(int linkType, List<byte[]> frames) throws Exception {
        return Files.write(dir.resolve("geneve-" + linkType + ".pcap"), LinkTypeFrames.pcap(linkType, frames));
    }

    /** {@code ip} behind a Linux cooked v1 header. */
    private static byte[] cooked(int etherType, byte[] ip) {
        ByteBuffer frame = ByteBuffer.allocate(16 + ip.length);
        frame.putShort((short) 0);              // packet type: to us
        frame.putShort((short) 1);              // ARPHRD_ETHER
        frame.putShort((short) 6);              // link-layer address length
        frame.putLong(0x0200_0000_0001_0000L);  // address, padded to 8 bytes
        frame.putShort((short) etherType);      // protocol
        return frame.put(ip).array();
    }

    @Test
    void shouldKeepWhatTcpdumpKeepsOnEthernet() throws Exception {
        assumeTrue(TcpdumpOracle.tcpdumpAvailable(), "tcpdump not installed; skipping");
        Path file = capture(LinkType.ETHERNET, TunnelFrames.geneveCases());
        FilterDifferentialTest.checkFile(file, EXPRESSIONS);
        // The oracle itself: Geneve over IPv4 and IPv6, with and without options, tagged inside, nested.
        TcpdumpOracle.Capture capture = TcpdumpOracle.read(file);
        assertEquals("{0, 1, 2, 3, 4, 5, 7}", TcpdumpOracle.verdict(capture, "geneve").accepted().toString());
        assertEquals("{5}", TcpdumpOracle.verdict(capture, "geneve and vlan 10 and tcp").accepted().toString());
    }

    @Test
    void shouldKeepWhatTcpdumpKeepsOnCookedAndRawLinks() throws Exception {
        assumeTrue(TcpdumpOracle.tcpdumpAvailable(), "tcpdump not installed; skipping");
        List<byte[]> cooked = new ArrayList<>();
        List<byte[]> raw = new ArrayList<>();
        for (byte[] frame : TunnelFrames.geneveCases()) {
            int etherType = (frame[12] & 0xff) << 8 | (frame[13] & 0xff);
            if (etherType == 0x0800 || etherType == 0x86dd) {
                byte[] ip = Arrays.copyOfRange(frame, 14, frame.length);
                raw.add(ip);
                cooked.add(cooked(etherType, ip));
            }
        }
        FilterDifferentialTest.checkFile(capture(LinkType.LINUX_SLL, cooked), EXPRESSIONS);
        FilterDifferentialTest.checkFile(capture(LinkType.RAW, raw), EXPRESSIONS);
    }

    @Test
    void shouldHaveTheKernelLetThroughWhatTheInterpreterAccepts() throws Exception {
        TestNetwork.requireRoot();
        Tools.require("tcpreplay");
        // The kernel moves an outer 802.1Q tag into metadata, so the replayed frames are the untagged ones.
        List<byte[]> untagged = TunnelFrames.geneveCases().stream().filter(f -> f[12] != (byte) 0x81).toList();
        Path file = capture(LinkType.ETHERNET, untagged);
        List<String> replayed = LiveKernelFilterTest.framesOf(file);
        Set<String> known = new HashSet<>(replayed);
        int checked = 0;
        try (TestNetwork network = TestNetwork.create()) {
            for (String expression : EXPRESSIONS) {
                BpfProgram program;
                try {
                    program = FilterCompiler.compile(expression, LinkType.ETHERNET,
                            CompileOptions.forLive(0, 262144));
                } catch (FilterSyntaxException e) {
                    continue;
                }
                List<String> expected = LiveKernelFilterTest.accepted(program, replayed);
                List<String> passed = LiveKernelFilterTest.capture(network, program.toQuadruples(), file).stream()
                        .filter(known::contains).toList();
                assertEquals(expected, passed, expression);
                checked++;
            }
        }
        assertTrue(checked > 35, "expressions attached and compared: " + checked);
    }
}
