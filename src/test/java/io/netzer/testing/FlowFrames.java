package io.netzer.testing;

import io.netzer.dissect.Dissector;
import io.netzer.dissect.LinkType;
import io.netzer.dissect.Packet;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;

/** Hand-built Ethernet frames carrying TCP, UDP or ICMP between two hosts, for the flow tests. */
public final class FlowFrames {
    public static final int FIN = 0x01;
    public static final int SYN = 0x02;
    public static final int RST = 0x04;
    public static final int PSH = 0x08;
    public static final int ACK = 0x10;

    private static final int ETHERTYPE_IPV4 = 0x0800;
    private static final int ETHERTYPE_IPV6 = 0x86dd;
    private static final int ETHERTYPE_VLAN = 0x8100;

    private FlowFrames() {
    }

    /** Endpoints of a test flow: IPv4 addresses as ints, or IPv6 when {@code v6} is set; -1 for no VLAN tag. */
    public record Endpoints(boolean v6, int vlan, int clientAddress, int clientPort, int serverAddress, int serverPort) {
        public static Endpoints ipv4(int client, int clientPort, int server, int serverPort) {
            return new Endpoints(false, -1, client, clientPort, server, serverPort);
        }

        public Endpoints withVlan(int id) {
            return new Endpoints(v6, id, clientAddress, clientPort, serverAddress, serverPort);
        }

        public Endpoints ipv6() {
            return new Endpoints(true, vlan, clientAddress, clientPort, serverAddress, serverPort);
        }
    }

    /** A TCP segment from the client ({@code fromClient}) or the server. */
    public static byte[] tcp(Endpoints e, boolean fromClient, long seq, long ack, int flags, byte[] payload) {
        ByteBuffer tcp = ByteBuffer.allocate(20 + payload.length);
        tcp.putShort((short) (fromClient ? e.clientPort() : e.serverPort()));  // source port
        tcp.putShort((short) (fromClient ? e.serverPort() : e.clientPort()));  // destination port
        tcp.putInt((int) seq);                                                 // sequence number
        tcp.putInt((int) ack);                                                 // acknowledgment number
        tcp.put((byte) 0x50);                                                  // data offset 5 words
        tcp.put((byte) flags);                                                 // flags
        tcp.putShort((short) 65535);                                           // window
        tcp.putShort((short) 0);                                               // checksum (not checked)
        tcp.putShort((short) 0);                                               // urgent pointer
        tcp.put(payload);
        return ip(e, fromClient, 6, tcp.array());
    }

    /** A UDP datagram from the client or the server. */
    public static byte[] udp(Endpoints e, boolean fromClient, byte[] payload) {
        ByteBuffer udp = ByteBuffer.allocate(8 + payload.length);
        udp.putShort((short) (fromClient ? e.clientPort() : e.serverPort()));  // source port
        udp.putShort((short) (fromClient ? e.serverPort() : e.clientPort()));  // destination port
        udp.putShort((short) (8 + payload.length));                            // length
        udp.putShort((short) 0);                                               // checksum (none)
        udp.put(payload);
        return ip(e, fromClient, 17, udp.array());
    }

    /** An ICMP echo request (type 8) or reply (type 0). */
    public static byte[] icmpEcho(Endpoints e, boolean fromClient, int type) {
        ByteBuffer icmp = ByteBuffer.allocate(8);
        icmp.put((byte) type);       // type
        icmp.put((byte) 0);          // code
        icmp.putShort((short) 0);    // checksum
        icmp.putShort((short) 1);    // identifier
        icmp.putShort((short) 1);    // sequence number
        return ip(e, fromClient, 1, icmp.array());
    }

    private static byte[] ip(Endpoints e, boolean fromClient, int protocol, byte[] payload) {
        int source = fromClient ? e.clientAddress() : e.serverAddress();
        int destination = fromClient ? e.serverAddress() : e.clientAddress();
        ByteBuffer ip;
        if (e.v6()) {
            ip = ByteBuffer.allocate(40 + payload.length);
            ip.putInt(0x60000000);                        // version 6, traffic class 0, flow label 0
            ip.putShort((short) payload.length);          // payload length
            ip.put((byte) protocol);                      // next header
            ip.put((byte) 64);                            // hop limit
            ip.putLong(0x20010db800000000L).putLong(source & 0xffffffffL);       // source 2001:db8::SOURCE
            ip.putLong(0x20010db800000000L).putLong(destination & 0xffffffffL);  // destination 2001:db8::DESTINATION
        } else {
            ip = ByteBuffer.allocate(20 + payload.length);
            ip.put((byte) 0x45);                          // version 4, header 5 words
            ip.put((byte) 0);                             // type of service
            ip.putShort((short) (20 + payload.length));   // total length
            ip.putShort((short) 0);                       // identification
            ip.putShort((short) 0);                       // flags, fragment offset
            ip.put((byte) 64);                            // TTL
            ip.put((byte) protocol);                      // protocol
            ip.putShort((short) 0);                       // header checksum (not checked)
            ip.putInt(source);                            // source address
            ip.putInt(destination);                       // destination address
        }
        ip.put(payload);
        int tag = e.vlan() >= 0 ? 4 : 0;
        ByteBuffer frame = ByteBuffer.allocate(14 + tag + ip.capacity());
        frame.put(new byte[] {2, 0, 0, 0, 0, 2});         // destination MAC
        frame.put(new byte[] {2, 0, 0, 0, 0, 1});         // source MAC
        if (e.vlan() >= 0) {
            frame.putShort((short) ETHERTYPE_VLAN);       // 802.1Q tag
            frame.putShort((short) e.vlan());             // priority 0, VLAN id
        }
        frame.putShort((short) (e.v6() ? ETHERTYPE_IPV6 : ETHERTYPE_IPV4));  // EtherType
        frame.put(ip.array());
        return frame.array();
    }

    /** Wraps and dissects a frame received at {@code nanos}. */
    public static void dissect(byte[] frame, long nanos, Packet packet, Dissector dissector) {
        packet.wrap(MemorySegment.ofArray(frame), 0, frame.length, frame.length, nanos, LinkType.ETHERNET, 0, 1);
        dissector.dissect(packet);
    }
}
