package io.netzer.dissect;

import static io.netzer.dissect.Frames.erspanTypeTwo;
import static io.netzer.dissect.Frames.ethernet;
import static io.netzer.dissect.Frames.geneve;
import static io.netzer.dissect.Frames.gre;
import static io.netzer.dissect.Frames.ipv4Udp;
import static io.netzer.dissect.Frames.ipv6Udp;
import static io.netzer.dissect.Frames.vxlan;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Which IP and UDP payloads are tunnels the dissector takes off, and what each says of its inner packet. */
class TunnelHeadersTest {
    private static final int PROTO_IPIP = 4;
    private static final int PROTO_IPV6 = 41;
    private static final int PROTO_GRE = 47;

    private final TunnelHeaders headers = new TunnelHeaders();

    @Test
    void shouldTakeIpInIpOnlyWhenTheVersionNibbleAgreesWithTheProtocol() {
        assertTrue(inIp(PROTO_IPIP, ipv4Udp(4).array()));
        assertTunnel(TunnelStack.IP_IN_IP, 0, EtherTypes.IPV4, -1);
        assertTrue(inIp(PROTO_IPV6, ipv6Udp(4).array()));
        assertEquals(EtherTypes.IPV6, headers.innerType());

        assertFalse(inIp(PROTO_IPIP, ipv6Udp(4).array()));
        assertFalse(inIp(PROTO_IPV6, ipv4Udp(4).array()));
        assertFalse(inIp(PROTO_IPIP, new byte[0]));
    }

    @Test
    void shouldTakeGreCarryingIpOrEthernetWithItsKey() {
        assertTrue(inIp(PROTO_GRE, gre(GreHeader.KEY_PRESENT, 0x0800, 9).then(ipv4Udp(4)).array()));
        assertTunnel(TunnelStack.GRE, 8, EtherTypes.IPV4, 9);
        assertTrue(inIp(PROTO_GRE, gre(0, GreHeader.TRANSPARENT_ETHERNET, 0).then(ethernet(0x0800)).array()));
        assertTunnel(TunnelStack.GRE, 4, -1, -1);
    }

    @Test
    void shouldCountTheErspanTypeTwoHeaderInTheGreHeaderAndRefuseItCut() {
        byte[] erspan = gre(GreHeader.SEQUENCE_PRESENT, GreHeader.ERSPAN, 0).then(erspanTypeTwo())
                .then(ethernet(0x0800)).array();

        assertTrue(inIp(PROTO_GRE, erspan));
        assertTunnel(TunnelStack.GRE, 8 + 8, -1, -1);
        assertFalse(inIp(PROTO_GRE, Arrays.copyOf(erspan, 8 + 7)));
    }

    @Test
    void shouldLeaveGreOfAnotherProtocolOrCutAsThePayload() {
        assertFalse(inIp(PROTO_GRE, gre(0, 0x0806, 0).then(ipv4Udp(4)).array()));
        assertFalse(inIp(PROTO_GRE, Arrays.copyOf(gre(GreHeader.KEY_PRESENT, 0x0800, 9).array(), 7)));
        assertFalse(inIp(EtherTypes.PROTO_UDP, gre(0, 0x0800, 0).then(ipv4Udp(4)).array()));
    }

    @Test
    void shouldTakeVxlanOnBothPortsAndGeneveCarryingEthernetOrIp() {
        byte[] vxlan = vxlan(42).then(ethernet(0x0800)).array();
        assertTrue(inUdp(VxlanHeader.PORT, vxlan));
        assertTunnel(TunnelStack.VXLAN, 8, -1, 42);
        assertTrue(inUdp(VxlanHeader.LINUX_PORT, vxlan));
        assertFalse(inUdp(53, vxlan));

        assertTrue(inUdp(GeneveHeader.PORT, geneve(7, GreHeader.TRANSPARENT_ETHERNET, 2).then(ethernet(0x0800))
                .array()));
        assertTunnel(TunnelStack.GENEVE, 8 + 8, -1, 7);
        assertTrue(inUdp(GeneveHeader.PORT, geneve(8, 0x86dd, 0).then(ipv6Udp(4)).array()));
        assertTunnel(TunnelStack.GENEVE, 8, EtherTypes.IPV6, 8);
        assertFalse(inUdp(GeneveHeader.PORT, geneve(9, 0x0806, 0).array()));
        assertFalse(inUdp(GeneveHeader.PORT, Arrays.copyOf(geneve(9, 0x0800, 0).array(), 7)));
    }

    private boolean inIp(int protocol, byte[] payload) {
        return headers.inIp(protocol, MemorySegment.ofArray(payload), 0, payload.length);
    }

    private boolean inUdp(int port, byte[] payload) {
        return headers.inUdp(port, MemorySegment.ofArray(payload), 0, payload.length);
    }

    private void assertTunnel(int type, int length, int innerType, long id) {
        assertEquals(type, headers.type());
        assertEquals(length, headers.length());
        assertEquals(innerType, headers.innerType());
        assertEquals(id, headers.id());
    }
}
