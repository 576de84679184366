package io.netzer.dissect;

import static io.netzer.dissect.Frames.ethernet;
import static io.netzer.dissect.Frames.gre;
import static io.netzer.dissect.Frames.ipv4Outer;
import static io.netzer.dissect.Frames.ipv6Outer;
import static io.netzer.dissect.Frames.vlan;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Whole Ethernet frames of every tunnel NetZer takes off, for the tshark comparison and the allocation tests. */
public final class TunnelFrames {
    private TunnelFrames() {
    }

    /**
     * Frames of every tunnel type, and each family inside each, with distinct outer and inner addresses; the
     * Ethernet frames inside VXLAN, Geneve and GRE also with 802.1Q tags and QinQ, and an outer frame tagged too.
     */
    public static List<byte[]> all() {
        List<byte[]> frames = new ArrayList<>();
        frames.add(Frames.vxlanFrame(VxlanHeader.PORT, 42, Frames.ipv4Tcp(6)).array());
        frames.add(Frames.vxlanFrame(VxlanHeader.LINUX_PORT, 7, Frames.ipv4Udp(3)).array());
        byte[] geneve = Frames.geneve(0xabcdef, GreHeader.TRANSPARENT_ETHERNET, 3).then(ethernet(0x86dd))
                .then(Frames.ipv6Udp(5)).array();
        frames.add(overIpv4(17, Frames.udpTo(5555, GeneveHeader.PORT, geneve.length).raw(geneve)));
        frames.add(overIpv4(4, Frames.ipv4Udp(4)));
        frames.add(overIpv4(41, Frames.ipv6Tcp(2)));
        frames.add(overIpv6(4, Frames.ipv4Tcp(1)));
        frames.add(overIpv6(41, Frames.ipv6Udp(1)));
        frames.add(overIpv4(47, gre(GreHeader.CHECKSUM_PRESENT | GreHeader.KEY_PRESENT | GreHeader.SEQUENCE_PRESENT,
                0x0800, 0x1234_5678L).then(Frames.ipv4Tcp(2))));
        frames.add(overIpv4(47, gre(GreHeader.KEY_PRESENT, GreHeader.TRANSPARENT_ETHERNET, 99).then(ethernet(0x0800))
                .then(Frames.ipv4Udp(2))));
        frames.add(overIpv6(47, gre(0, 0x86dd, 0).then(Frames.ipv6Tcp(0))));
        frames.add(overIpv4(47, gre(GreHeader.SEQUENCE_PRESENT, GreHeader.ERSPAN, 0).then(Frames.erspanTypeTwo())
                .then(ethernet(0x0800)).then(Frames.ipv4Tcp(3))));
        byte[] vxlan = Frames.vxlanFrame(VxlanHeader.PORT, 1, Frames.ipv4Tcp(1)).array();
        frames.add(overIpv4(47, gre(GreHeader.KEY_PRESENT, 0x0800, 3).raw(
                Arrays.copyOfRange(vxlan, 14, vxlan.length))));
        frames.add(overIpv4(17, udp(VxlanHeader.PORT, Frames.vxlan(10).then(ethernet(0x8100))
                .then(vlan(10, 0x0800)).then(Frames.ipv4Tcp(2)))));
        frames.add(overIpv4(17, udp(VxlanHeader.PORT, Frames.vxlan(11).then(ethernet(0x88a8))
                .then(vlan(100, 0x8100)).then(vlan(10, 0x86dd)).then(Frames.ipv6Udp(3)))));
        byte[] tagged = udp(GeneveHeader.PORT, Frames.geneve(12, GreHeader.TRANSPARENT_ETHERNET, 2)
                .then(ethernet(0x8100)).then(vlan(7, 0x0800)).then(Frames.ipv4Udp(1))).array();
        frames.add(ethernet(0x8100).then(vlan(5, 0x0800))
                .then(ipv4Outer(17, tagged.length, "10.0.0.1", "10.0.0.2")).raw(tagged).array());
        frames.add(overIpv4(47, gre(GreHeader.KEY_PRESENT, GreHeader.TRANSPARENT_ETHERNET, 13)
                .then(ethernet(0x8100)).then(vlan(20, 0x86dd)).then(Frames.ipv6Tcp(1))));
        return frames;
    }

    /**
     * Frames for the {@code geneve} filter keyword: Geneve over IPv4 and IPv6, with and without options, carrying
     * Ethernet (untagged and 802.1Q-tagged, with MAC addresses of its own) or bare IPv4 and IPv6, inside an
     * outer 802.1Q tag, nested in Geneve, of version 1, cut inside its header, in an IPv4 later fragment; and
     * UDP and TCP that are not Geneve (DNS, UDP from port 6081, VXLAN).
     */
    public static List<byte[]> geneveCases() {
        List<byte[]> frames = new ArrayList<>();
        Bytes innerEthernet = Bytes.bytes()
                .mac(0x0200_0000_00a2L)     // destination MAC of the inner frame
                .mac(0x0200_0000_00a1L);    // source MAC of the inner frame
        byte[] ipv4Tcp = Frames.ipv4Tcp(4).array();
        byte[] ipv6Udp = Frames.ipv6Udp(6).array();
        frames.add(overIpv4(17, udp(GeneveHeader.PORT, Frames.geneve(0xabcdef, GreHeader.TRANSPARENT_ETHERNET, 0)
                .raw(innerEthernet.array()).u16(0x0800).raw(ipv4Tcp))));
        frames.add(overIpv4(17, udp(GeneveHeader.PORT, Frames.geneve(5, GreHeader.TRANSPARENT_ETHERNET, 3)
                .raw(innerEthernet.array()).u16(0x86dd).raw(ipv6Udp))));
        frames.add(overIpv4(17, udp(GeneveHeader.PORT, Frames.geneve(7, 0x0800, 2).raw(ipv4Tcp))));
        frames.add(overIpv6(17, udp(GeneveHeader.PORT, Frames.geneve(5, GreHeader.TRANSPARENT_ETHERNET, 0)
                .raw(innerEthernet.array()).u16(0x0800).raw(Frames.ipv4Udp(2).array()))));
        frames.add(overIpv6(17, udp(GeneveHeader.PORT, Frames.geneve(9, 0x86dd, 1).raw(Frames.ipv6Tcp(3).array()))));
        frames.add(overIpv4(17, udp(GeneveHeader.PORT, Frames.geneve(10, GreHeader.TRANSPARENT_ETHERNET, 0)
                .raw(innerEthernet.array()).u16(0x8100).then(vlan(10, 0x0800)).raw(ipv4Tcp))));
        byte[] tagged = udp(GeneveHeader.PORT, Frames.geneve(5, 0x0800, 0).raw(ipv4Tcp)).array();
        frames.add(ethernet(0x8100).then(vlan(5, 0x0800))
                .then(ipv4Outer(17, tagged.length, "10.0.0.1", "10.0.0.2")).raw(tagged).array());
        byte[] nested = Arrays.copyOfRange(frames.get(2), 14, frames.get(2).length);
        frames.add(overIpv4(17, udp(GeneveHeader.PORT, Frames.geneve(11, 0x0800, 0).raw(nested))));
        frames.add(overIpv4(17, udp(GeneveHeader.PORT, Frames.geneve(5, 0x0800, 0).set8(0, 0x40).raw(ipv4Tcp))));
        frames.add(overIpv4(17, udp(GeneveHeader.PORT, Bytes.bytes().u8(0).u8(0))));
        frames.add(ethernet(0x0800).then(Frames.ipv4Fragment(17, 8 + 8 + ipv4Tcp.length, 0x0010)
                .raw(udp(GeneveHeader.PORT, Frames.geneve(5, 0x0800, 0).raw(ipv4Tcp)).array())).array());
        frames.add(ethernet(0x0800).then(Frames.ipv4Udp(12)).array());
        frames.add(overIpv4(17, Frames.udpTo(GeneveHeader.PORT, 40000, 8).then(Frames.geneve(5, 0x0800, 0))));
        frames.add(Frames.vxlanFrame(VxlanHeader.PORT, 5, Frames.ipv4Tcp(1)).array());
        frames.add(ethernet(0x86dd).then(Frames.ipv6Tcp(2)).array());
        return frames;
    }

    /** A UDP header from port 5555 to {@code port}, then {@code tunnel}. */
    private static Bytes udp(int port, Bytes tunnel) {
        byte[] bytes = tunnel.array();
        return Frames.udpTo(5555, port, bytes.length).raw(bytes);
    }

    private static byte[] overIpv4(int protocol, Bytes tail) {
        byte[] bytes = tail.array();
        return ethernet(0x0800).then(ipv4Outer(protocol, bytes.length, "10.0.0.1", "10.0.0.2")).raw(bytes).array();
    }

    private static byte[] overIpv6(int protocol, Bytes tail) {
        byte[] bytes = tail.array();
        return ethernet(0x86dd).then(ipv6Outer(protocol, bytes.length, "fd00::1", "fd00::2")).raw(bytes).array();
    }
}
