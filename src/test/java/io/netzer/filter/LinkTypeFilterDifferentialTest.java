package io.netzer.filter;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.netzer.dissect.LinkType;
import io.netzer.dissect.TunnelFrames;
import io.netzer.testing.LinkTypeFrames;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every expression of expressions.txt over generated files of the link types the corpus lacks (PPP, PPP in HDLC
 * framing, Cisco HDLC, raw IPv4, raw IPv6, PPPoE in Ethernet) and over tunnelled packets: the packets kept are
 * tcpdump's, and what tcpdump refuses for the link type is refused. On tunnels the filter keeps libpcap's
 * meaning (it looks at the outer packet).
 */
class LinkTypeFilterDifferentialTest {
    @TempDir
    Path dir;

    private void check(String name, int linkType, List<byte[]> frames) throws Exception {
        assumeTrue(TcpdumpOracle.tcpdumpAvailable(), "tcpdump not installed; skipping");
        Path file = Files.write(dir.resolve(name + ".pcap"), LinkTypeFrames.pcap(linkType, frames));
        FilterDifferentialTest.checkFile(file, FilterDifferentialTest.expressions());
    }

    @Test
    void shouldFilterPppAsTcpdumpDoes() throws Exception {
        List<byte[]> frames = new ArrayList<>();
        LinkTypeFrames.ipPackets().forEach(ip -> frames.add(LinkTypeFrames.ppp(ip, true)));
        frames.add(LinkTypeFrames.pppEchoRequest());
        check("ppp", LinkType.PPP, frames);
        check("ppp-serial", LinkType.PPP_HDLC, frames);
    }

    @Test
    void shouldFilterCiscoHdlcAsTcpdumpDoes() throws Exception {
        check("c-hdlc", LinkType.C_HDLC, LinkTypeFrames.ipPackets().stream().map(LinkTypeFrames::ciscoHdlc).toList());
    }

    @Test
    void shouldFilterRawIpv4AndRawIpv6AsTcpdumpDoes() throws Exception {
        List<byte[]> packets = LinkTypeFrames.ipPackets();
        check("ipv4", LinkType.IPV4, packets.stream().filter(p -> (p[0] >>> 4) == 4).toList());
        check("ipv6", LinkType.IPV6, packets.stream().filter(p -> (p[0] >>> 4) == 6).toList());
    }

    @Test
    void shouldFilterPppoeAndTunnelsInEthernetAsTcpdumpDoes() throws Exception {
        List<byte[]> frames = new ArrayList<>(TunnelFrames.all());
        LinkTypeFrames.ipPackets().forEach(ip -> frames.add(LinkTypeFrames.pppoe(ip)));
        check("ethernet", LinkType.ETHERNET, frames);
    }
}
