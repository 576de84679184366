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
 * NetZer formats itself, so the line is appended as bytes ({@link JsonLine}): no garbage and no escaping per
 * packet; host and interface names are escaped once, by Jackson's encoder. The lines go to a {@link LineOutput},
 * which the worker's event writer shares.
 *
 * <p>A packet line's shape follows from what the packet has, so its keys and punctuation are written as runs of
 * bytes encoded once ({@code ,"source":{"mac":}), each with the comma before it, not member by member: the line
 * is the same, with a few copies in place of a few dozen calls. Each address is written once into the line and
 * copied from there into {@code related.ip}. Rare parts (tunnels, decode faults) use {@link JsonLine}'s
 * structure-keeping calls inside the object they enter with {@link JsonLine#enteredObject()}.
 */
public final class NdjsonPacketSink implements PacketSink {
    /** Up to {@code "sequence":}: the members every packet event has alike, after its timestamp. */
    private static final byte[] LINE_START = JsonLine.ascii("{\"@timestamp\":");
    private static final byte[] EVENT = JsonLine.concat(JsonLine.ascii(","), EcsEvent.VERSION_MEMBER,
            JsonLine.ascii(",\"event\":{"), JsonLine.member("dataset", "netzer.packet"), JsonLine.ascii(","),
            EcsEvent.PACKET.categorization(), JsonLine.ascii(",\"sequence\":"));
    private static final byte[] SOURCE = JsonLine.ascii(",\"source\":{");
    private static final byte[] DESTINATION = JsonLine.ascii(",\"destination\":{");
    private static final byte[] MAC = JsonLine.ascii("\"mac\":");
    private static final byte[] IP = JsonLine.ascii("\"ip\":");
    private static final byte[] NEXT_IP = JsonLine.ascii(",\"ip\":");
    private static final byte[] PORT = JsonLine.ascii(",\"port\":");
    private static final byte[] RELATED_IP = JsonLine.ascii(",\"related\":{\"ip\":[");
    private static final byte[] RELATED_END = JsonLine.ascii("]}");
    private static final byte[] NETWORK_BYTES = JsonLine.ascii(",\"network\":{\"bytes\":");
    private static final byte[] TYPE = JsonLine.ascii(",\"type\":");
    private static final byte[] TRANSPORT = JsonLine.ascii(",\"transport\":");
    private static final byte[] IANA_NUMBER = JsonLine.ascii(",\"iana_number\":");
    private static final byte[] VLAN_ID = JsonLine.ascii(",\"vlan\":{\"id\":");
    private static final byte[] INNER_VLAN_ID = JsonLine.ascii(",\"inner\":{\"vlan\":{\"id\":");
    private static final byte[] INNER_END = JsonLine.ascii("}}");
    private static final byte[] NETZER_CAPLEN = JsonLine.ascii(",\"netzer\":{\"caplen\":");
    private static final byte[] DECODE_ERROR = JsonLine.ascii(",\"decode_error\":");
    private static final byte[] DECODE_LAYER = JsonLine.ascii(",\"decode\":{\"layer\":");
    private static final byte[] OFFSET = JsonLine.ascii(",\"offset\":");
    private static final byte[] REQUIRED_BYTES = JsonLine.ascii(",\"required_bytes\":");
    private static final byte[] ACTUAL_BYTES = JsonLine.ascii(",\"actual_bytes\":");
    private static final byte[] IP_TTL = JsonLine.ascii(",\"ip\":{\"ttl\":");
    private static final byte[] ID = JsonLine.ascii(",\"id\":");
    private static final byte[] FRAGMENT_OFFSET = JsonLine.ascii(",\"fragment_offset\":");
    private static final byte[] MORE_FRAGMENTS = JsonLine.ascii(",\"more_fragments\":");
    private static final byte[] TCP_FLAGS_KEY = JsonLine.ascii(",\"tcp\":{\"flags\":");
    private static final byte[] SEQ = JsonLine.ascii(",\"seq\":");
    private static final byte[] ACK = JsonLine.ascii(",\"ack\":");
    private static final byte[] WINDOW = JsonLine.ascii(",\"window\":");
    private static final byte[] ICMP_TYPE = JsonLine.ascii(",\"icmp\":{\"type\":");
    private static final byte[] CODE = JsonLine.ascii(",\"code\":");
    private static final byte[] ARP_OPERATION = JsonLine.ascii(",\"arp\":{\"operation\":");
    private static final byte[] SENDER_IP = JsonLine.ascii(",\"sender_ip\":");
    private static final byte[] TARGET_IP = JsonLine.ascii(",\"target_ip\":");
    private static final byte[] SENDER_MAC = JsonLine.ascii(",\"sender_mac\":");
    private static final byte[] TARGET_MAC = JsonLine.ascii(",\"target_mac\":");

    private final LineOutput output;
    /** {@code netzer.tcp.flags} of each combination of the eight flags, quoted. */
    private static final byte[][] TCP_FLAGS = new byte[256][];
    /** Where IPv6 and a tunnel's outer addresses are formatted. */
    private final char[] text = new char[64];
    /** Where in the line the quoted source and destination addresses were written, and their lengths (0: none). */
    private int sourceAt;
    private int sourceLength;
    private int destinationAt;
    private int destinationLength;

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
        j.raw(LINE_START);
        j.enteredObject();
        j.timestamp(packet.timestampNanos());
        j.raw(EVENT);
        j.number(packet.sequence());
        j.put('}');
        output.writeObserver(j, packet.interfaceIndex());
        sourceLength = writeEndpoint(j, dissector, true);
        destinationLength = writeEndpoint(j, dissector, false);
        writeRelated(j);
        writeNetwork(j, packet, dissector);
        writeNetzer(j, packet, dissector);
        j.endObject();
        output.endLine(Dataset.PACKET, packet, null);
        output.drainIfFull();
    }

    /** Writes {@code source} or {@code destination} when the packet has one; returns its address's length or 0. */
    private int writeEndpoint(JsonLine j, Dissector d, boolean source) {
        long mac = -1;
        if (d.has(Dissector.ETHERNET)) {
            mac = source ? d.ethernet().sourceMac() : d.ethernet().destinationMac();
        } else if (source && d.has(Dissector.LINUX_COOKED) && d.cooked().hasSourceMac()) {
            mac = d.cooked().sourceMac();
        }
        boolean ip = d.has(Dissector.IPV4) || d.has(Dissector.IPV6);
        if (mac < 0 && !ip) {
            return 0;
        }
        j.raw(source ? SOURCE : DESTINATION);
        if (mac >= 0) {
            j.raw(MAC);
            j.mac(mac);
        }
        int length = 0;
        if (ip) {
            j.raw(mac >= 0 ? NEXT_IP : IP);
            int at = j.size();
            writeIp(j, d, source);
            length = j.size() - at;
            if (source) {
                sourceAt = at;
            } else {
                destinationAt = at;
            }
        }
        int port = PacketFields.port(d, source);
        if (port >= 0) {
            j.raw(PORT);
            j.number(port);
        }
        j.put('}');
        return length;
    }

    /** The address, quoted. */
    private void writeIp(JsonLine j, Dissector d, boolean source) {
        if (d.has(Dissector.IPV4)) {
            Ipv4Header ip = d.ipv4();
            j.ipv4(source ? ip.sourceAddress() : ip.destinationAddress());
            return;
        }
        Ipv6Header ip = d.ipv6();
        long at = source ? ip.sourceAddressOffset() : ip.destinationAddressOffset();
        j.asciiString(text, AddressFormat.ipv6(ip.segment(), at, text, 0));
    }

    /**
     * {@code related.ip}: the source and destination addresses, once each (a packet from an address to itself
     * names it once), copied from where the endpoints wrote them.
     */
    private void writeRelated(JsonLine j) {
        if (sourceLength == 0 && destinationLength == 0) {
            return;
        }
        j.raw(RELATED_IP);
        if (sourceLength > 0) {
            j.again(sourceAt, sourceLength);
        }
        if (destinationLength > 0
                && !(sourceLength == destinationLength && j.same(sourceAt, destinationAt, sourceLength))) {
            if (sourceLength > 0) {
                j.put(',');
            }
            j.again(destinationAt, destinationLength);
        }
        j.raw(RELATED_END);
    }

    private static void writeNetwork(JsonLine j, Packet packet, Dissector d) {
        j.raw(NETWORK_BYTES);
        j.number(packet.wireLength());
        int type = d.networkType();
        if (type >= 0 && !(d.has(Dissector.ETHERNET) && type < 0x0600)) {
            j.raw(TYPE);
            j.raw(PacketFields.networkTypeJson(type));
        }
        if (d.ipProtocol() >= 0) {
            j.raw(TRANSPORT);
            j.raw(PacketFields.transportJson(d.ipProtocol()));
            j.raw(IANA_NUMBER);
            j.raw(PacketFields.numberJson(d.ipProtocol()));
        }
        if (d.vlanCount() > 0) {
            j.raw(VLAN_ID);
            j.raw(PacketFields.numberJson(d.vlanId(0)));
            j.put('}');
        }
        if (d.vlanCount() > 1) {
            j.raw(INNER_VLAN_ID);
            j.raw(PacketFields.numberJson(d.vlanId(1)));
            j.raw(INNER_END);
        }
        j.put('}');
    }

    private void writeNetzer(JsonLine j, Packet packet, Dissector d) {
        j.raw(NETZER_CAPLEN);
        j.number(packet.capturedLength());
        j.enteredObject();
        if (d.status() != 0) {
            j.raw(DECODE_ERROR);
            j.raw(PacketFields.decodeErrorJson(d.status()));
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
            j.raw(TCP_FLAGS_KEY);
            j.raw(TCP_FLAGS[tcp.flags() & 0xff]);
            j.raw(SEQ);
            j.number(tcp.sequenceNumber());
            j.raw(ACK);
            j.number(tcp.acknowledgmentNumber());
            j.raw(WINDOW);
            j.number(tcp.window());
            j.put('}');
        }
        if (d.has(Dissector.ICMP)) {
            IcmpHeader icmp = d.icmp();
            j.raw(ICMP_TYPE);
            j.number(icmp.type());
            j.raw(CODE);
            j.number(icmp.code());
            j.put('}');
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
        j.raw(DECODE_LAYER);
        j.raw(PacketFields.decodeLayerJson(d.faultLayer()));
        j.raw(OFFSET);
        j.number(d.faultOffset());
        if (d.faultRequiredLength() >= 0) {
            j.raw(REQUIRED_BYTES);
            j.number(d.faultRequiredLength());
            j.raw(ACTUAL_BYTES);
            j.number(d.faultActualLength());
        }
        j.put('}');
    }

    private static void writeIp(JsonLine j, Dissector d) {
        if (d.has(Dissector.IPV4)) {
            Ipv4Header ip = d.ipv4();
            j.raw(IP_TTL);
            j.number(ip.ttl());
            writeFragment(j, ip.identification(), ip.fragmentOffset(), ip.moreFragments());
            j.put('}');
        } else if (d.has(Dissector.IPV6)) {
            Ipv6Header ip = d.ipv6();
            j.raw(IP_TTL);
            j.number(ip.hopLimit());
            if (ip.isFragment()) {
                writeFragment(j, ip.fragmentIdentification(), ip.fragmentOffset(), ip.moreFragments());
            }
            j.put('}');
        }
    }

    /** {@code id}, {@code fragment_offset} in bytes (from {@code offset} in units of 8) and {@code more_fragments}. */
    private static void writeFragment(JsonLine j, long id, int offset, boolean more) {
        j.raw(ID);
        j.number(id);
        j.raw(FRAGMENT_OFFSET);
        j.number(offset * 8);
        j.raw(MORE_FRAGMENTS);
        j.bool(more);
    }

    private static void writeArp(JsonLine j, ArpPacket arp) {
        j.raw(ARP_OPERATION);
        j.number(arp.operation());
        if (arp.isEthernetIpv4()) {
            j.raw(SENDER_IP);
            j.ipv4(arp.senderIp());
            j.raw(TARGET_IP);
            j.ipv4(arp.targetIp());
            j.raw(SENDER_MAC);
            j.mac(arp.senderMac());
            j.raw(TARGET_MAC);
            j.mac(arp.targetMac());
        }
        j.put('}');
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
