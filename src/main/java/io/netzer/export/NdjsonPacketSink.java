package io.netzer.export;

import io.netzer.app.ClientHello;
import io.netzer.app.DnsMessage;
import io.netzer.app.HttpRequest;
import io.netzer.dissect.ArpPacket;
import io.netzer.dissect.DecodeStatus;
import io.netzer.dissect.Dissector;
import io.netzer.dissect.IcmpHeader;
import io.netzer.dissect.Ipv4Header;
import io.netzer.dissect.Ipv6Header;
import io.netzer.dissect.Packet;
import io.netzer.dissect.TcpHeader;
import io.netzer.flow.FlowView;
import io.netzer.pipeline.EventContext;
import io.netzer.pipeline.EventSink;
import io.netzer.pipeline.PacketSink;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Writes one {@code netzer.packet} event per packet as a line of JSON, with the Elastic Common Schema names of
 * DESIGN.md nested as ECS documents are ({@code source.ip} is {@code {"source":{"ip":...}}}). Fields absent
 * from the packet are left out, never written empty. Every value of a packet event is a number or ASCII text
 * NetZer formats itself, so the line is appended as bytes ({@link JsonLine}) with pre-encoded keys: no garbage
 * and no escaping per packet; host and interface names are escaped once, by Jackson's encoder.
 */
public final class NdjsonPacketSink implements PacketSink, EventSink {
    private static final int DRAIN_THRESHOLD = 1 << 16;
    private static final int CACHED_INTERFACES = 256;
    private static final byte[] NO_NAME = new byte[0];
    private static final byte[] TIMESTAMP = JsonLine.key("@timestamp");
    private static final byte[] EVENT = JsonLine.key("event");
    private static final byte[] DATASET = JsonLine.key("dataset");
    private static final byte[] PACKET_DATASET = JsonLine.quoted("netzer.packet");
    private static final byte[] SEQUENCE = JsonLine.key("sequence");
    private static final byte[] OBSERVER = JsonLine.key("observer");
    private static final byte[] HOSTNAME = JsonLine.key("hostname");
    private static final byte[] INGRESS = JsonLine.key("ingress");
    private static final byte[] INTERFACE = JsonLine.key("interface");
    private static final byte[] NAME = JsonLine.key("name");
    private static final byte[] SOURCE = JsonLine.key("source");
    private static final byte[] DESTINATION = JsonLine.key("destination");
    private static final byte[] MAC = JsonLine.key("mac");
    private static final byte[] IP = JsonLine.key("ip");
    private static final byte[] PORT = JsonLine.key("port");
    private static final byte[] NETWORK = JsonLine.key("network");
    private static final byte[] BYTES = JsonLine.key("bytes");
    private static final byte[] TYPE = JsonLine.key("type");
    private static final byte[] TRANSPORT = JsonLine.key("transport");
    private static final byte[] PROTOCOL = JsonLine.key("protocol");
    private static final byte[] COMMUNITY_ID = JsonLine.key("community_id");
    private static final byte[] IANA_NUMBER = JsonLine.key("iana_number");
    private static final byte[] VLAN = JsonLine.key("vlan");
    private static final byte[] INNER = JsonLine.key("inner");
    private static final byte[] ID = JsonLine.key("id");
    private static final byte[] NETZER = JsonLine.key("netzer");
    private static final byte[] CAPLEN = JsonLine.key("caplen");
    private static final byte[] DECODE_ERROR = JsonLine.key("decode_error");
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

    private final OutputStream output;
    private final LineTap tap;
    private final JsonLine line = new JsonLine(DRAIN_THRESHOLD * 2);
    private final boolean flushEachBatch;
    private final InterfaceNames names;
    private final byte[] hostname;
    private final byte[][] interfaceNames = new byte[CACHED_INTERFACES][];
    private final char[] text = new char[64];
    private final boolean packetEvents;
    private final NdjsonFlowEvents flowEvents = new NdjsonFlowEvents();

    /**
     * A sink writing UTF-8 lines to {@code output}, whole lines at a time (so several sinks can share one).
     *
     * @param output         where the lines go; closed by {@link #close()}
     * @param hostname       {@code observer.hostname}
     * @param names          resolves {@code observer.ingress.interface.name}
     * @param flushEachBatch write out after every batch (a terminal, a live capture)
     */
    public NdjsonPacketSink(OutputStream output, String hostname, InterfaceNames names, boolean flushEachBatch) {
        this(output, hostname, names, flushEachBatch, true, null);
    }

    /** A sink of every event type whose lines a tap also sees (service mode's event streams); see the full form. */
    public NdjsonPacketSink(OutputStream output, String hostname, InterfaceNames names, boolean flushEachBatch,
            LineTap tap) {
        this(output, hostname, names, flushEachBatch, true, tap);
    }

    /** A sink writing to {@code output} only, packet events when asked; see the full form. */
    public NdjsonPacketSink(OutputStream output, String hostname, InterfaceNames names, boolean flushEachBatch,
            boolean packetEvents) {
        this(output, hostname, names, flushEachBatch, packetEvents, null);
    }

    /**
     * A sink writing UTF-8 lines to {@code output}: packet events when asked, and the events handed to it as an
     * {@link EventSink} (they are written in the order they happen, packet events included).
     *
     * @param output         where the lines go; closed by {@link #close()}
     * @param hostname       {@code observer.hostname}
     * @param names          resolves {@code observer.ingress.interface.name}
     * @param flushEachBatch write out after every batch (a terminal, a live capture)
     * @param packetEvents   write a {@code netzer.packet} event per packet
     * @param tap            sees every line (service mode's event streams); null for none. With a null
     *                       {@code output} the lines go to the tap only, and nothing is encoded while nobody
     *                       listens ({@link LineTap#active()}, {@link LineTap#wantsPackets()} for packet events)
     */
    public NdjsonPacketSink(OutputStream output, String hostname, InterfaceNames names, boolean flushEachBatch,
            boolean packetEvents, LineTap tap) {
        this.packetEvents = packetEvents;
        this.output = output;
        this.tap = tap;
        line.tap(tap);
        this.flushEachBatch = flushEachBatch;
        this.hostname = JsonLine.quoted(hostname);
        this.names = names;
    }

    @Override
    public void accept(Packet packet, Dissector dissector) throws IOException {
        if (!packetEvents || output == null && !tap.wantsPackets()) {
            drainIfFull();
            return;
        }
        JsonLine j = line;
        j.source(packet);
        j.startObject();
        j.key(TIMESTAMP).asciiString(text, Timestamps.rfc3339(packet.timestampNanos(), text, 0));
        j.objectMember(EVENT);
        j.key(DATASET).raw(PACKET_DATASET);
        j.key(SEQUENCE).number(packet.sequence());
        j.endObject();
        writeObserver(j, packet.interfaceIndex());
        writeEndpoint(j, dissector, true);
        writeEndpoint(j, dissector, false);
        writeNetwork(j, packet, dissector);
        writeNetzer(j, packet, dissector);
        j.endObject();
        j.endLine();
        j.source(null);
        drainIfFull();
    }

    @Override
    public boolean needsDissection() {
        return packetEvents;
    }

    private void drainIfFull() throws IOException {
        if (line.size() >= DRAIN_THRESHOLD) {
            drain();
        }
    }

    private void drain() throws IOException {
        if (output == null) {
            line.discard();
        } else {
            line.drainTo(output);
        }
    }

    /** Whether an event line would reach anyone: the output, or a tap with listeners. */
    private boolean heard() {
        return output != null || tap.active();
    }

    @Override
    public void tls(EventContext context, ClientHello hello, String ja4, boolean quic) {
        if (!heard()) {
            return;
        }
        startEvent(context, NdjsonEvents.TLS_DATASET, quic ? NdjsonEvents.PROTOCOL_QUIC : NdjsonEvents.PROTOCOL_TLS);
        NdjsonEvents.tls(line, hello, ja4);
        endEvent();
    }

    @Override
    public void dns(EventContext context, DnsMessage message) {
        if (!heard()) {
            return;
        }
        startEvent(context, NdjsonEvents.DNS_DATASET, NdjsonEvents.PROTOCOL_DNS);
        NdjsonEvents.dns(line, message);
        endEvent();
    }

    @Override
    public void http(EventContext context, HttpRequest request) {
        if (!heard()) {
            return;
        }
        startEvent(context, NdjsonEvents.HTTP_DATASET, NdjsonEvents.PROTOCOL_HTTP);
        NdjsonEvents.http(line, request);
        endEvent();
    }

    @Override
    public void flow(FlowView flow) {
        if (!heard()) {
            return;
        }
        JsonLine j = line;
        j.startObject();
        j.key(TIMESTAMP).asciiString(text, Timestamps.rfc3339(flow.endNanos(), text, 0));
        flowEvents.event(j, flow);
        writeObserver(j, -1);
        flowEvents.body(j, flow);
        j.endObject();
        j.endLine();
    }

    /**
     * The members every app event has: time, dataset, observer, endpoints, and {@code network} (transport,
     * protocol, Community ID). Appended to the buffer only: the packet side writes it out.
     */
    private void startEvent(EventContext c, byte[] dataset, byte[] protocol) {
        JsonLine j = line;
        j.startObject();
        j.key(TIMESTAMP).asciiString(text, Timestamps.rfc3339(c.timestampNanos(), text, 0));
        j.objectMember(EVENT);
        j.key(DATASET).raw(dataset);
        j.endObject();
        writeObserver(j, c.interfaceIndex());
        if (c.addressLength() > 0) {
            writeEventEndpoint(j, c, true);
            writeEventEndpoint(j, c, false);
        }
        j.objectMember(NETWORK);
        if (c.ipProtocol() >= 0) {
            j.key(TRANSPORT).raw(PacketFields.transportJson(c.ipProtocol()));
            j.key(IANA_NUMBER).raw(PacketFields.numberJson(c.ipProtocol()));
        }
        j.key(PROTOCOL).raw(protocol);
        if (c.addressLength() > 0) {
            j.key(COMMUNITY_ID).string(c.communityId());
        }
        j.endObject();
    }

    private void writeEventEndpoint(JsonLine j, EventContext c, boolean source) {
        j.objectMember(source ? SOURCE : DESTINATION);
        int length = AddressFormat.ip(c.addressBuffer(), c.addressOffset(source), c.addressLength(), text, 0);
        j.key(IP).asciiString(text, length);
        int port = source ? c.sourcePort() : c.destinationPort();
        if (port >= 0) {
            j.key(PORT).number(port);
        }
        j.endObject();
    }

    private void endEvent() {
        line.endObject();
        line.endLine();
    }

    private void writeObserver(JsonLine j, int interfaceIndex) {
        j.objectMember(OBSERVER);
        j.key(HOSTNAME).raw(hostname);
        byte[] interfaceName = interfaceName(interfaceIndex);
        if (interfaceName != NO_NAME) {
            j.objectMember(INGRESS);
            j.objectMember(INTERFACE);
            j.key(NAME).raw(interfaceName);
            j.endObject();
            j.endObject();
        }
        j.endObject();
    }

    /** The interface's name as quoted JSON, escaped once per interface; {@link #NO_NAME} when unknown. */
    private byte[] interfaceName(int index) {
        if (index < 0) {
            return NO_NAME;
        }
        boolean cacheable = index >= 0 && index < CACHED_INTERFACES;
        if (cacheable && interfaceNames[index] != null) {
            return interfaceNames[index];
        }
        String name = names.interfaceName(index);
        byte[] quoted = name == null ? NO_NAME : JsonLine.quoted(name);
        if (cacheable) {
            interfaceNames[index] = quoted;
        }
        return quoted;
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
            j.key(MAC).asciiString(text, AddressFormat.mac(mac, text, 0));
        }
        if (ip) {
            j.key(IP).asciiString(text, formatIp(d, source));
        }
        int port = PacketFields.port(d, source);
        if (port >= 0) {
            j.key(PORT).number(port);
        }
        j.endObject();
    }

    private int formatIp(Dissector d, boolean source) {
        if (d.has(Dissector.IPV4)) {
            Ipv4Header ip = d.ipv4();
            return AddressFormat.ipv4(source ? ip.sourceAddress() : ip.destinationAddress(), text, 0);
        }
        Ipv6Header ip = d.ipv6();
        long at = source ? ip.sourceAddressOffset() : ip.destinationAddressOffset();
        return AddressFormat.ipv6(ip.segment(), at, text, 0);
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
        }
        writeIp(j, d);
        if (d.has(Dissector.TCP)) {
            TcpHeader tcp = d.tcp();
            j.objectMember(TCP);
            j.key(FLAGS).asciiString(text, PacketFields.tcpFlagLetters(tcp.flags(), text, 0));
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

    private void writeArp(JsonLine j, ArpPacket arp) {
        j.objectMember(ARP);
        j.key(OPERATION).number(arp.operation());
        if (arp.isEthernetIpv4()) {
            j.key(SENDER_IP).asciiString(text, AddressFormat.ipv4(arp.senderIp(), text, 0));
            j.key(TARGET_IP).asciiString(text, AddressFormat.ipv4(arp.targetIp(), text, 0));
            j.key(SENDER_MAC).asciiString(text, AddressFormat.mac(arp.senderMac(), text, 0));
            j.key(TARGET_MAC).asciiString(text, AddressFormat.mac(arp.targetMac(), text, 0));
        }
        j.endObject();
    }

    @Override
    public void endOfBatch() throws IOException {
        if (flushEachBatch) {
            flush();
        }
    }

    /** A live source was quiet: flow events the flow stage emitted at its timeouts are written out now. */
    @Override
    public void idle(long nowNanos) throws IOException {
        endOfBatch();
    }

    @Override
    public void flush() throws IOException {
        drain();
        if (output != null) {
            output.flush();
        }
    }

    @Override
    public void close() throws IOException {
        try {
            flush();
        } finally {
            if (output != null) {
                output.close();
            }
        }
    }
}
