package io.netzer.testing;

import io.netzer.testing.FlowFrames.Endpoints;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Packets framed for the link types beyond Ethernet (PPP, PPP in HDLC framing, Cisco HDLC, PPPoE, raw IPv4 and
 * IPv6), built from {@link FlowFrames}' IP packets, and the classic pcap file that holds them.
 */
public final class LinkTypeFrames {
    private static final int ETHERNET_HEADER = 14;

    private LinkTypeFrames() {
    }

    /** IP packets of both families: TCP, UDP and ICMP over IPv4, TCP and UDP over IPv6. */
    public static List<byte[]> ipPackets() {
        Endpoints v4 = Endpoints.ipv4(0x0a00_0001, 40000, 0x0a00_0002, 80);
        Endpoints v6 = v4.ipv6();
        List<byte[]> frames = List.of(
                FlowFrames.tcp(v4, true, 1, 0, FlowFrames.SYN, new byte[0]),
                FlowFrames.tcp(v4, false, 9, 2, FlowFrames.SYN | FlowFrames.ACK, new byte[0]),
                FlowFrames.udp(Endpoints.ipv4(0x0a00_0001, 5353, 0xe000_00fb, 53), true, new byte[12]),
                FlowFrames.icmpEcho(v4, true, 8),
                FlowFrames.tcp(v6, true, 1, 0, FlowFrames.SYN, new byte[0]),
                FlowFrames.udp(Endpoints.ipv4(1, 1000, 2, 53).ipv6(), false, new byte[4]));
        List<byte[]> packets = new ArrayList<>();
        for (byte[] frame : frames) {
            packets.add(Arrays.copyOfRange(frame, ETHERNET_HEADER, frame.length));
        }
        return packets;
    }

    /** The IP packet in PPP: HDLC-like framing (0xff 0x03) when {@code framed}, then the protocol field. */
    public static byte[] ppp(byte[] ip, boolean framed) {
        ByteBuffer frame = ByteBuffer.allocate((framed ? 4 : 2) + ip.length);
        if (framed) {
            frame.put((byte) 0xff).put((byte) 0x03);      // address: all stations, control: unnumbered
        }
        frame.putShort((short) (version(ip) == 4 ? 0x0021 : 0x0057));  // protocol: IPv4 or IPv6
        return frame.put(ip).array();
    }

    /** A framed LCP echo request: PPP's own control traffic, no IP in it. */
    public static byte[] pppEchoRequest() {
        return new byte[] {
            (byte) 0xff, 0x03,          // address, control
            (byte) 0xc0, 0x21,          // protocol: LCP
            0x09, 0x01, 0x00, 0x08,     // code: echo request, identifier 1, length 8
            0x12, 0x34, 0x56, 0x78};    // magic number
    }

    /** The IP packet behind a Cisco HDLC unicast header. */
    public static byte[] ciscoHdlc(byte[] ip) {
        ByteBuffer frame = ByteBuffer.allocate(4 + ip.length);
        frame.put((byte) 0x0f).put((byte) 0);             // address: unicast, control
        frame.putShort((short) (version(ip) == 4 ? 0x0800 : 0x86dd));  // protocol: an EtherType
        return frame.put(ip).array();
    }

    /** The IP packet in a PPPoE session (session 0x1234) in an Ethernet frame. */
    public static byte[] pppoe(byte[] ip) {
        ByteBuffer frame = ByteBuffer.allocate(ETHERNET_HEADER + 8 + ip.length);
        frame.put(new byte[] {2, 0, 0, 0, 0, 2, 2, 0, 0, 0, 0, 1});  // destination, source MAC
        frame.putShort((short) 0x8864);                   // EtherType: PPPoE session
        frame.put((byte) 0x11).put((byte) 0);             // version 1, type 1; code 0: session data
        frame.putShort((short) 0x1234);                   // session id
        frame.putShort((short) (2 + ip.length));          // length: PPP protocol and payload
        frame.putShort((short) (version(ip) == 4 ? 0x0021 : 0x0057));  // PPP protocol
        return frame.put(ip).array();
    }

    private static int version(byte[] ip) {
        return (ip[0] & 0xff) >>> 4;
    }

    /** A little-endian microsecond pcap of {@code frames} with {@code linkType}, one second apart. */
    public static byte[] pcap(int linkType, List<byte[]> frames) {
        return pcap(linkType, frames, 1_000_000);
    }

    /** A little-endian microsecond pcap of {@code frames} with {@code linkType}, {@code stepMicros} apart. */
    public static byte[] pcap(int linkType, List<byte[]> frames, long stepMicros) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteBuffer header = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
        header.putInt(0xa1b2c3d4)                        // magic: microseconds
                .putShort((short) 2).putShort((short) 4) // version 2.4
                .putInt(0).putInt(0)                     // reserved
                .putInt(65535)                           // snapshot length
                .putInt(linkType);                       // link type
        out.writeBytes(header.array());
        long micros = 1_000_000;
        for (byte[] frame : frames) {
            ByteBuffer record = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
            record.putInt((int) (micros / 1_000_000)).putInt((int) (micros % 1_000_000))  // timestamp
                    .putInt(frame.length).putInt(frame.length);  // captured and wire length
            micros += stepMicros;
            out.writeBytes(record.array());
            out.writeBytes(frame);
        }
        return out.toByteArray();
    }
}
