package io.netzer.export;

import io.netzer.dissect.ArpPacket;
import io.netzer.dissect.Dissector;
import io.netzer.dissect.IcmpHeader;
import io.netzer.dissect.Ipv4Header;
import io.netzer.dissect.Ipv6Header;
import io.netzer.dissect.Packet;
import io.netzer.dissect.TcpHeader;
import io.netzer.dissect.TunnelStack;
import io.netzer.pipeline.Dataset;
import io.netzer.pipeline.PacketSink;
import java.io.IOException;

/**
 * Writes one {@code netzer.packet} event per packet as a line of JSON, with the Elastic Common Schema names of
 * DESIGN.md nested as ECS documents are ({@code source.ip} is {@code {"source":{"ip":...}}}), {@code ecs.version},
 * the categorization ({@link EcsEvent#PACKET}, pre-encoded) and {@code related.ip}. Fields absent
 * from the packet are left out, never written empty. Every value of a packet event is a number or ASCII text
 * NetZer formats itself, so the line is appended as bytes ({@link JsonLine}) with pre-encoded keys: no garbage
 * and no escaping per packet; host and interface names are escaped once, by Jackson's encoder. The lines go to a
 * {@link LineOutput}, which the worker's event writer shares.
 */
public final class NdjsonPacketSink implements PacketSink {
    private static final byte[] TIMESTAMP = JsonLine.key("@timestamp");
    private static final byte[] EVENT = JsonLine.key("event");
    /** The members every packet event has alike, encoded once. */
    private static final byte[] PACKET_EVENT = JsonLine.member("dataset", "netzer.packet");
    private static final byte[] SEQUENCE = JsonLine.key("sequence");
    private static final byte[] SOURCE = JsonLine.key("source");
    private static final byte[] DESTINATION = JsonLine.key("destination");
    private static final byte[] MAC = JsonLine.key("mac");
    private static final byte[] IP = JsonLine.key("ip");
    private static final byte[] PORT = JsonLine.key("port");
    private static final byte[] NETWORK = JsonLine.key("network");
    private static final byte[] BYTES = JsonLine.key("bytes");
    private static final byte[] TYPE = JsonLine.key("type");
    private static final byte[] TRANSPORT = JsonLine.key("transport");
    private static final byte[] IANA_NUMBER = JsonLine.key("iana_number");
    private static final byte[] VLAN = JsonLine.key("vlan");
    private static final byte[] INNER = JsonLine.key("inner");
    private static final byte[] ID = JsonLine.key("id");
    private static final byte[] NETZER = JsonLine.key("netzer");
    private static final byte[] CAPLEN = JsonLine.key("caplen");
    private static final byte[] DECODE_ERROR = JsonLine.key("decode_error");
    private static final byte[] DECODE = JsonLine.key("decode");
    private static final byte[] LAYER = JsonLine.key("layer");
    private static final byte[] OFFSET = JsonLine.key("offset");
    private static final byte[] REQUIRED_BYTES = JsonLine.key("required_bytes");
    private static final byte[] ACTUAL_BYTES = JsonLine.key("actual_bytes");
    private static final byte[] TTL = JsonLine.key("ttl");
    private static final byte[] FRAGMENT_OFFSET = JsonLine.key("fragment_offset");
    private static final byte[] MORE_FRAGMENTS = JsonLine.key("more_fragments");
    private static final byte[] TCP = JsonLine.key("tcp");
    private static final byte[] FLAGS = JsonLine.key("flags");
    private static final byte[] SEQ = JsonLine.key("seq");
    private static final byte[] ACK = JsonLine.key("ack");
    private static final byte[] WINDOW = JsonLine.key("window");
    private static final byte[] ICMP = JsonLine.key("icmp");
    private static final byte[] CODE = JsonLine.key("code");
    private static final byte[] ARP = JsonLine.key("arp");
    private static final byte[] OPERATION = JsonLine.key("operation");
    private static final byte[] SENDER_IP = JsonLine.key("sender_ip");
    private static final byte[] TARGET_IP = JsonLine.key("target_ip");
    private static final byte[] SENDER_MAC = JsonLine.key("sender_mac");
    private static final byte[] TARGET_MAC = JsonLine.key("target_mac");

    private final LineOutput output;
    /** {@code netzer.tcp.flags} of each combination of the eight flags, quoted. */
    private static final byte[][] TCP_FLAGS = new byte[256][];
    /** Where a tunnel's outer addresses are formatted. */
    private final char[] text = new char[64];
    private final RelatedIp related = new RelatedIp();

    static {
        char[] letters = new char[8];
        for (int flags = 0; flags < TCP_FLAGS.length; flags++) {
            TCP_FLAGS[flags] = JsonLine.quoted(new String(letters, 0, PacketFields.tcpFlagLetters(flags, letters, 0)));
        }
    }

    /** A writer of packet events into {@code output}. */
    public NdjsonPacketSink(LineOutput output) {
        this.output = output;
    }

    @Override
    public void accept(Packet packet, Dissector dissector) throws IOException {
        if (!output.packetsHeard()) {
            return;
        }
        JsonLine j = output.line();
        j.startObject();
        j.key(TIMESTAMP).timestamp(packet.timestampNanos());
        EcsEvent.writeVersion(j);
        j.objectMember(EVENT);
        j.members(PACKET_EVENT);
        EcsEvent.PACKET.writeCategorization(j);
        j.key(SEQUENCE).number(packet.sequence());
        j.endObject();
        output.writeObserver(j, packet.interfaceIndex());
        related.clear();
        writeEndpoint(j, dissector, true);
        writeEndpoint(j, dissector, false);
        related.write(j);
        writeNetwork(j, packet, dissector);
        writeNetzer(j, packet, dissector);
        j.endObject();
        output.endLine(Dataset.PACKET, packet, null);
        output.drainIfFull();
    }

    private void writeEndpoint(JsonLine j, Dissector d, boolean source) {
        long mac = -1;
        if (d.has(Dissector.ETHERNET)) {
            mac = source ? d.ethernet().sourceMac() : d.ethernet().destinationMac();
        } else if (source && d.has(Dissector.LINUX_COOKED) && d.cooked().hasSourceMac()) {
            mac = d.cooked().sourceMac();
        }
        boolean ip = d.has(Dissector.IPV4) || d.has(Dissector.IPV6);
        if (mac < 0 && !ip) {
            return;
        }
        j.objectMember(source ? SOURCE : DESTINATION);
        if (mac >= 0) {
            j.key(MAC).mac(mac);
        }
        if (ip) {
            j.key(IP).asciiString(related.text(source), related.length(source, formatIp(d, source)));
        }
        int port = PacketFields.port(d, source);
        if (port >= 0) {
            j.key(PORT).number(port);
        }
        j.endObject();
    }

    /** Formats the address into {@link RelatedIp#text(boolean)}, where {@code related.ip} reuses it. */
    private int formatIp(Dissector d, boolean source) {
        char[] out = related.text(source);
        if (d.has(Dissector.IPV4)) {
            Ipv4Header ip = d.ipv4();
            return AddressFormat.ipv4(source ? ip.sourceAddress() : ip.destinationAddress(), out, 0);
        }
        Ipv6Header ip = d.ipv6();
        long at = source ? ip.sourceAddressOffset() : ip.destinationAddressOffset();
        return AddressFormat.ipv6(ip.segment(), at, out, 0);
    }

    private void writeNetwork(JsonLine j, Packet packet, Dissector d) {
        j.objectMember(NETWORK);
        j.key(BYTES).number(packet.wireLength());
        int type = d.networkType();
        if (type >= 0 && !(d.has(Dissector.ETHERNET) && type < 0x0600)) {
            j.key(TYPE).raw(PacketFields.networkTypeJson(type));
        }
        if (d.ipProtocol() >= 0) {
            j.key(TRANSPORT).raw(PacketFields.transportJson(d.ipProtocol()));
            j.key(IANA_NUMBER).raw(PacketFields.numberJson(d.ipProtocol()));
        }
        if (d.vlanCount() > 0) {
            writeVlan(j, d.vlanId(0));
        }
        if (d.vlanCount() > 1) {
            j.objectMember(INNER);
            writeVlan(j, d.vlanId(1));
            j.endObject();
        }
        j.endObject();
    }

    private static void writeVlan(JsonLine j, int id) {
        j.objectMember(VLAN);
        j.key(ID).raw(PacketFields.numberJson(id));
        j.endObject();
    }

    private void writeNetzer(JsonLine j, Packet packet, Dissector d) {
        j.objectMember(NETZER);
        j.key(CAPLEN).number(packet.capturedLength());
        if (d.status() != 0) {
            j.key(DECODE_ERROR).raw(PacketFields.decodeErrorJson(d.status()));
            writeDecode(j, d);
        }
        writeIp(j, d);
        if (d.has(Dissector.TUNNEL)) {
            TunnelStack t = d.tunnels();
            TunnelJson.write(j, text, t.type(0), t.depth(), t.segment(0), t.outerSourceOffset(0),
                    t.outerDestinationOffset(0), t.outerVersion(0) == 4 ? 4 : 16, t.sourcePort(0),
                    t.destinationPort(0), t.id(0));
        }
        if (d.has(Dissector.TCP)) {
            TcpHeader tcp = d.tcp();
            j.objectMember(TCP);
            j.key(FLAGS).raw(TCP_FLAGS[tcp.flags() & 0xff]);
            j.key(SEQ).number(tcp.sequenceNumber());
            j.key(ACK).number(tcp.acknowledgmentNumber());
            j.key(WINDOW).number(tcp.window());
            j.endObject();
        }
        if (d.has(Dissector.ICMP)) {
            IcmpHeader icmp = d.icmp();
            j.objectMember(ICMP);
            j.key(TYPE).number(icmp.type());
            j.key(CODE).number(icmp.code());
            j.endObject();
        }
        if (d.has(Dissector.ARP)) {
            writeArp(j, d.arp());
        }
        j.endObject();
    }

    /**
     * {@code netzer.decode}, beside {@code netzer.decode_error}: the layer where the decode stopped, where it starts
     * in the frame, and for a length fault the bytes it required and the bytes there were (etherparse's
     * {@code LenError}). Sizes end in {@code _bytes} as ECS's do ({@code network.bytes}); the offset is a byte count
     * from the frame's start as ECS's {@code log.offset} is from a file's.
     */
    private static void writeDecode(JsonLine j, Dissector d) {
        j.objectMember(DECODE);
        j.key(LAYER).raw(PacketFields.decodeLayerJson(d.faultLayer()));
        j.key(OFFSET).number(d.faultOffset());
        if (d.faultRequiredLength() >= 0) {
            j.key(REQUIRED_BYTES).number(d.faultRequiredLength());
            j.key(ACTUAL_BYTES).number(d.faultActualLength());
        }
        j.endObject();
    }

    private static void writeIp(JsonLine j, Dissector d) {
        if (d.has(Dissector.IPV4)) {
            Ipv4Header ip = d.ipv4();
            j.objectMember(IP);
            j.key(TTL).number(ip.ttl());
            j.key(ID).number(ip.identification());
            j.key(FRAGMENT_OFFSET).number(ip.fragmentOffset() * 8);
            j.key(MORE_FRAGMENTS).bool(ip.moreFragments());
            j.endObject();
        } else if (d.has(Dissector.IPV6)) {
            Ipv6Header ip = d.ipv6();
            j.objectMember(IP);
            j.key(TTL).number(ip.hopLimit());
            if (ip.isFragment()) {
                j.key(ID).number(ip.fragmentIdentification());
                j.key(FRAGMENT_OFFSET).number(ip.fragmentOffset() * 8);
                j.key(MORE_FRAGMENTS).bool(ip.moreFragments());
            }
            j.endObject();
        }
    }

    private static void writeArp(JsonLine j, ArpPacket arp) {
        j.objectMember(ARP);
        j.key(OPERATION).number(arp.operation());
        if (arp.isEthernetIpv4()) {
            j.key(SENDER_IP).ipv4(arp.senderIp());
            j.key(TARGET_IP).ipv4(arp.targetIp());
            j.key(SENDER_MAC).mac(arp.senderMac());
            j.key(TARGET_MAC).mac(arp.targetMac());
        }
        j.endObject();
    }

    /** The line output flushes. */
    @Override
    public void flush() {
    }

    /** The line output closes. */
    @Override
    public void close() {
    }
}
