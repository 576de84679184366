package io.netzer.dissect;

import static io.netzer.dissect.Frames.icmpEcho;
import static io.netzer.dissect.Frames.tcp;
import static io.netzer.dissect.Frames.udp;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The transport headers the dissector decodes, which it leaves as payload, and how their faults are recorded. */
class TransportLayerTest {
    private final FaultRecord fault = new FaultRecord();
    private final TransportLayer transport = new TransportLayer(fault);

    @Test
    void shouldDecodeTcpUdpAndIcmpWithTheirHeaderLengths() {
        assertEquals(20, decode(EtherTypes.PROTO_TCP, tcp(0x18).payload(4).array(), false));
        assertEquals(Dissector.TCP, transport.layer());
        assertEquals(8, decode(EtherTypes.PROTO_UDP, udp(4).payload(4).array(), true));
        assertEquals(Dissector.UDP, transport.layer());
        assertEquals(8, decode(EtherTypes.PROTO_ICMP, icmpEcho(Frames.ICMP_ECHO_REQUEST).array(), false));
        assertEquals(Dissector.ICMP, transport.layer());
        assertEquals(0, fault.status());
    }

    @Test
    void shouldLeaveOtherProtocolsAndIcmpOfTheOtherIpVersionAsPayload() {
        byte[] echo = icmpEcho(Frames.ICMP_ECHO_REQUEST).array();

        assertEquals(0, decode(EtherTypes.PROTO_ICMP, echo, true));
        assertEquals(0, transport.layer());
        assertEquals(0, decode(EtherTypes.PROTO_ICMPV6, echo, false));
        assertEquals(0, transport.layer());
        assertEquals(0, decode(132, echo, false));
        assertEquals(0, transport.layer());
        assertEquals(0, fault.status());
    }

    @Test
    void shouldRecordACutHeaderWithItsLengthsAndKeepNoLayer() {
        assertEquals(-1, decode(EtherTypes.PROTO_TCP, Arrays.copyOf(tcp(0x18).array(), 13), false));

        assertEquals(0, transport.layer());
        assertEquals(DecodeStatus.TRUNCATED_TCP.code(), fault.status());
        assertEquals(DecodeLayer.TCP, fault.layer());
        assertEquals(20, fault.required());
        assertEquals(13, fault.actual());
    }

    private int decode(int protocol, byte[] header, boolean version6) {
        fault.start(0);
        return transport.decode(protocol, MemorySegment.ofArray(header), 0, header.length, version6);
    }
}
