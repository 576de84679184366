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
import java.util.Arrays;

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
    private static final long[] LINE_START = JsonLine.packed(JsonLine.ascii("{\"@timestamp\":"));
    private static final long[] EVENT = JsonLine.packed(JsonLine.concat(JsonLine.ascii(","), EcsEvent.VERSION_MEMBER,
            JsonLine.ascii(",\"event\":{"), JsonLine.member("dataset", "netzer.packet"), JsonLine.ascii(","),
            EcsEvent.PACKET.categorization(), JsonLine.ascii(",\"sequence\":")));
    private static final long[] SOURCE = JsonLine.packed(JsonLine.ascii(",\"source\":{"));
    private static final long[] DESTINATION = JsonLine.packed(JsonLine.ascii(",\"destination\":{"));
    private static final long[] MAC = JsonLine.packed(JsonLine.ascii("\"mac\":"));
    private static final long[] IP = JsonLine.packed(JsonLine.ascii("\"ip\":"));
    private static final long[] NEXT_IP = JsonLine.packed(JsonLine.ascii(",\"ip\":"));
    private static final long[] PORT = JsonLine.packed(JsonLine.ascii(",\"port\":"));
    private static final long[] RELATED_IP = JsonLine.packed(JsonLine.ascii(",\"related\":{\"ip\":["));
    private static final long[] RELATED_END = JsonLine.packed(JsonLine.ascii("]}"));
    private static final long[] NETWORK_BYTES = JsonLine.packed(JsonLine.ascii(",\"network\":{\"bytes\":"));
    private static final long[] TYPE = JsonLine.packed(JsonLine.ascii(",\"type\":"));
    private static final long[] TRANSPORT = JsonLine.packed(JsonLine.ascii(",\"transport\":"));
    private static final long[] IANA_NUMBER = JsonLine.packed(JsonLine.ascii(",\"iana_number\":"));
    private static final long[] VLAN_ID = JsonLine.packed(JsonLine.ascii(",\"vlan\":{\"id\":"));
    private static final long[] INNER_VLAN_ID = JsonLine.packed(JsonLine.ascii(",\"inner\":{\"vlan\":{\"id\":"));
    private static final long[] INNER_END = JsonLine.packed(JsonLine.ascii("}}"));
    private static final long[] NETZER_CAPLEN = JsonLine.packed(JsonLine.ascii(",\"netzer\":{\"caplen\":"));
    private static final byte[] DECODE_ERROR = JsonLine.ascii(",\"decode_error\":");
    private static final byte[] DECODE_LAYER = JsonLine.ascii(",\"decode\":{\"layer\":");
    private static final byte[] OFFSET = JsonLine.ascii(",\"offset\":");
    private static final byte[] REQUIRED_BYTES = JsonLine.ascii(",\"required_bytes\":");
    private static final byte[] ACTUAL_BYTES = JsonLine.ascii(",\"actual_bytes\":");
    private static final long[] IP_TTL = JsonLine.packed(JsonLine.ascii(",\"ip\":{\"ttl\":"));
    private static final long[] ID = JsonLine.packed(JsonLine.ascii(",\"id\":"));
    private static final long[] FRAGMENT_OFFSET = JsonLine.packed(JsonLine.ascii(",\"fragment_offset\":"));
    private static final long[] MORE_FRAGMENTS = JsonLine.packed(JsonLine.ascii(",\"more_fragments\":"));
    private static final long[] TCP_FLAGS_KEY = JsonLine.packed(JsonLine.ascii(",\"tcp\":{\"flags\":"));
    private static final long[] SEQ = JsonLine.packed(JsonLine.ascii(",\"seq\":"));
    private static final long[] ACK = JsonLine.packed(JsonLine.ascii(",\"ack\":"));
    private static final long[] WINDOW = JsonLine.packed(JsonLine.ascii(",\"window\":"));
    private static final long[] ICMP_TYPE = JsonLine.packed(JsonLine.ascii(",\"icmp\":{\"type\":"));
    private static final long[] CODE = JsonLine.packed(JsonLine.ascii(",\"code\":"));
    private static final long[] ARP_OPERATION = JsonLine.packed(JsonLine.ascii(",\"arp\":{\"operation\":"));
    private static final long[] SENDER_IP = JsonLine.packed(JsonLine.ascii(",\"sender_ip\":"));
    private static final long[] TARGET_IP = JsonLine.packed(JsonLine.ascii(",\"target_ip\":"));
    private static final long[] SENDER_MAC = JsonLine.packed(JsonLine.ascii(",\"sender_mac\":"));
    private static final long[] TRUE = JsonLine.packed(JsonLine.TRUE);
    private static final long[] FALSE = JsonLine.packed(JsonLine.FALSE);
    private static final long[] TARGET_MAC = JsonLine.packed(JsonLine.ascii(",\"target_mac\":"));

    /**
     * The room a packet line reserves besides its observer, checked once per line: more than twice the longest the
     * parts written without a check can take (each field's longest value, IPv6 addresses, both VLANs, a fragment,
     * TCP: {@code NdjsonPacketSinkTest} writes such a line), with the slack of the four-byte stores. A decode
     * fault and a tunnel are written with checked calls, and the room is reserved again after them.
     */
    static final int LINE_ROOM = 2048;

    private final LineOutput output;
    /** {@code netzer.tcp.flags} of each combination of the eight flags, quoted. */
    private static final long[][] TCP_FLAGS = new long[256][];
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
            String text = new String(letters, 0, PacketFields.tcpFlagLetters(flags, letters, 0));
            TCP_FLAGS[flags] = JsonLine.packed(JsonLine.quoted(text));
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
        byte[] ingress = output.ingress(packet.interfaceIndex());
        byte[] b = j.reserve(LINE_ROOM + output.observerRoom(ingress));
        int at = JsonLine.run(b, j.size(), LINE_START);
        j.enteredObject();
        at = j.timestamp(b, at, packet.timestampNanos());
        at = JsonLine.run(b, at, EVENT);
        at = JsonLine.number(b, at, packet.sequence());
        b[at++] = '}';
        at = output.writeObserver(b, at, ingress);
        at = writeEndpoint(b, at, dissector, true);
        at = writeEndpoint(b, at, dissector, false);
        at = writeRelated(b, at);
        at = writeNetwork(b, at, packet, dissector);
        j.size(at);
        writeNetzer(j, packet, dissector);
        j.endObject();
        output.endLine(Dataset.PACKET, packet, null);
        output.drainIfFull();
    }

    /**
     * Writes {@code source} or {@code destination} when the packet has one, noting where its address went and its
     * length (0: none); returns the position after it.
     */
    private int writeEndpoint(byte[] b, int at, Dissector d, boolean source) {
        long mac = -1;
        if (d.has(Dissector.ETHERNET)) {
            mac = source ? d.ethernet().sourceMac() : d.ethernet().destinationMac();
        } else if (source && d.has(Dissector.LINUX_COOKED) && d.cooked().hasSourceMac()) {
            mac = d.cooked().sourceMac();
        }
        boolean ip = d.has(Dissector.IPV4) || d.has(Dissector.IPV6);
        int ipAt = 0;
        int ipLength = 0;
        if (mac >= 0 || ip) {
            at = JsonLine.run(b, at, source ? SOURCE : DESTINATION);
            if (mac >= 0) {
                at = JsonLine.run(b, at, MAC);
                at = JsonLine.mac(b, at, mac);
            }
            if (ip) {
                at = JsonLine.run(b, at, mac >= 0 ? NEXT_IP : IP);
                ipAt = at;
                at = writeIp(b, at, d, source);
                ipLength = at - ipAt;
            }
            int port = PacketFields.port(d, source);
            if (port >= 0) {
                at = JsonLine.run(b, at, PORT);
                at = JsonLine.number(b, at, port);
            }
            b[at++] = '}';
        }
        if (source) {
            sourceAt = ipAt;
            sourceLength = ipLength;
        } else {
            destinationAt = ipAt;
            destinationLength = ipLength;
        }
        return at;
    }

    /** The address, quoted. */
    private static int writeIp(byte[] b, int at, Dissector d, boolean source) {
        if (d.has(Dissector.IPV4)) {
            Ipv4Header ip = d.ipv4();
            return JsonLine.ipv4(b, at, source ? ip.sourceAddress() : ip.destinationAddress());
        }
        Ipv6Header ip = d.ipv6();
        return JsonLine.ipv6(b, at, ip.segment(), source ? ip.sourceAddressOffset() : ip.destinationAddressOffset());
    }

    /**
     * {@code related.ip}: the source and destination addresses, once each (a packet from an address to itself
     * names it once), copied from where the endpoints wrote them.
     */
    private int writeRelated(byte[] b, int at) {
        if (sourceLength == 0 && destinationLength == 0) {
            return at;
        }
        at = JsonLine.run(b, at, RELATED_IP);
        if (sourceLength > 0) {
            System.arraycopy(b, sourceAt, b, at, sourceLength);
            at += sourceLength;
        }
        if (destinationLength > 0 && !(sourceLength == destinationLength && Arrays.equals(b, sourceAt,
                sourceAt + sourceLength, b, destinationAt, destinationAt + destinationLength))) {
            if (sourceLength > 0) {
                b[at++] = ',';
            }
            System.arraycopy(b, destinationAt, b, at, destinationLength);
            at += destinationLength;
        }
        return JsonLine.run(b, at, RELATED_END);
    }

    private static int writeNetwork(byte[] b, int at, Packet packet, Dissector d) {
        at = JsonLine.run(b, at, NETWORK_BYTES);
        at = JsonLine.number(b, at, packet.wireLength());
        int type = d.networkType();
        if (type >= 0 && !(d.has(Dissector.ETHERNET) && type < 0x0600)) {
            at = JsonLine.run(b, at, TYPE);
            at = JsonLine.raw(b, at, PacketFields.networkTypeJson(type));
        }
        if (d.ipProtocol() >= 0) {
            at = JsonLine.run(b, at, TRANSPORT);
            at = JsonLine.raw(b, at, PacketFields.transportJson(d.ipProtocol()));
            at = JsonLine.run(b, at, IANA_NUMBER);
            at = JsonLine.raw(b, at, PacketFields.numberJson(d.ipProtocol()));
        }
        if (d.vlanCount() > 0) {
            at = JsonLine.run(b, at, VLAN_ID);
            at = JsonLine.raw(b, at, PacketFields.numberJson(d.vlanId(0)));
            b[at++] = '}';
        }
        if (d.vlanCount() > 1) {
            at = JsonLine.run(b, at, INNER_VLAN_ID);
            at = JsonLine.raw(b, at, PacketFields.numberJson(d.vlanId(1)));
            at = JsonLine.run(b, at, INNER_END);
        }
        b[at++] = '}';
        return at;
    }

    /**
     * {@code netzer}: the common parts straight into the reserved buffer; a decode fault and a tunnel, rare, through
     * {@code j}'s checked calls, after which the buffer is fetched again.
     */
    private void writeNetzer(JsonLine j, Packet packet, Dissector d) {
        byte[] b = j.reserve(0);
        int at = JsonLine.run(b, j.size(), NETZER_CAPLEN);
        at = JsonLine.number(b, at, packet.capturedLength());
        j.enteredObject();
        if (d.status() != 0) {
            j.size(at);
            j.raw(DECODE_ERROR);
            j.raw(PacketFields.decodeErrorJson(d.status()));
            writeDecode(j, d);
            b = j.reserve(LINE_ROOM);
            at = j.size();
        }
        at = writeIp(b, at, d);
        if (d.has(Dissector.TUNNEL)) {
            j.size(at);
            TunnelStack t = d.tunnels();
            TunnelJson.write(j, text, t.type(0), t.depth(), t.segment(0), t.outerSourceOffset(0),
                    t.outerDestinationOffset(0), t.outerVersion(0) == 4 ? 4 : 16, t.sourcePort(0),
                    t.destinationPort(0), t.id(0));
            b = j.reserve(LINE_ROOM);
            at = j.size();
        }
        if (d.has(Dissector.TCP)) {
            TcpHeader tcp = d.tcp();
            at = JsonLine.run(b, at, TCP_FLAGS_KEY);
            at = JsonLine.run(b, at, TCP_FLAGS[tcp.flags() & 0xff]);
            at = JsonLine.run(b, at, SEQ);
            at = JsonLine.number(b, at, tcp.sequenceNumber());
            at = JsonLine.run(b, at, ACK);
            at = JsonLine.number(b, at, tcp.acknowledgmentNumber());
            at = JsonLine.run(b, at, WINDOW);
            at = JsonLine.number(b, at, tcp.window());
            b[at++] = '}';
        }
        if (d.has(Dissector.ICMP)) {
            IcmpHeader icmp = d.icmp();
            at = JsonLine.run(b, at, ICMP_TYPE);
            at = JsonLine.number(b, at, icmp.type());
            at = JsonLine.run(b, at, CODE);
            at = JsonLine.number(b, at, icmp.code());
            b[at++] = '}';
        }
        if (d.has(Dissector.ARP)) {
            at = writeArp(b, at, d.arp());
        }
        j.size(at);
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

    private static int writeIp(byte[] b, int at, Dissector d) {
        if (d.has(Dissector.IPV4)) {
            Ipv4Header ip = d.ipv4();
            at = JsonLine.run(b, at, IP_TTL);
            at = JsonLine.number(b, at, ip.ttl());
            at = writeFragment(b, at, ip.identification(), ip.fragmentOffset(), ip.moreFragments());
            b[at++] = '}';
        } else if (d.has(Dissector.IPV6)) {
            Ipv6Header ip = d.ipv6();
            at = JsonLine.run(b, at, IP_TTL);
            at = JsonLine.number(b, at, ip.hopLimit());
            if (ip.isFragment()) {
                at = writeFragment(b, at, ip.fragmentIdentification(), ip.fragmentOffset(), ip.moreFragments());
            }
            b[at++] = '}';
        }
        return at;
    }

    /** {@code id}, {@code fragment_offset} in bytes (from {@code offset} in units of 8) and {@code more_fragments}. */
    private static int writeFragment(byte[] b, int at, long id, int offset, boolean more) {
        at = JsonLine.run(b, at, ID);
        at = JsonLine.number(b, at, id);
        at = JsonLine.run(b, at, FRAGMENT_OFFSET);
        at = JsonLine.number(b, at, offset * 8);
        at = JsonLine.run(b, at, MORE_FRAGMENTS);
        return JsonLine.run(b, at, more ? TRUE : FALSE);
    }

    private static int writeArp(byte[] b, int at, ArpPacket arp) {
        at = JsonLine.run(b, at, ARP_OPERATION);
        at = JsonLine.number(b, at, arp.operation());
        if (arp.isEthernetIpv4()) {
            at = JsonLine.run(b, at, SENDER_IP);
            at = JsonLine.ipv4(b, at, arp.senderIp());
            at = JsonLine.run(b, at, TARGET_IP);
            at = JsonLine.ipv4(b, at, arp.targetIp());
            at = JsonLine.run(b, at, SENDER_MAC);
            at = JsonLine.mac(b, at, arp.senderMac());
            at = JsonLine.run(b, at, TARGET_MAC);
            at = JsonLine.mac(b, at, arp.targetMac());
        }
        b[at++] = '}';
        return at;
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
