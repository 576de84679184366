package io.netzer.export;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.SerializedString;
import io.netzer.dissect.ArpPacket;
import io.netzer.dissect.DecodeStatus;
import io.netzer.dissect.Dissector;
import io.netzer.dissect.IcmpHeader;
import io.netzer.dissect.Ipv4Header;
import io.netzer.dissect.Ipv6Header;
import io.netzer.dissect.Packet;
import io.netzer.dissect.TcpHeader;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Writes one {@code netzer.packet} event per packet as a line of JSON, with the Elastic Common Schema names of
 * DESIGN.md nested as ECS documents are ({@code source.ip} is {@code {"source":{"ip":...}}}). Fields absent
 * from the packet are left out, never written empty. Text is built in a reused char array and handed to
 * Jackson's streaming generator, so a packet costs no garbage beyond Jackson's own buffers.
 */
public final class NdjsonPacketSink implements PacketSink {
    private static final JsonFactory FACTORY = new JsonFactory();
    private static final SerializableString TIMESTAMP = new SerializedString("@timestamp");
    private static final SerializableString EVENT = new SerializedString("event");
    private static final SerializableString DATASET = new SerializedString("dataset");
    private static final SerializableString PACKET_DATASET = new SerializedString("netzer.packet");
    private static final SerializableString SEQUENCE = new SerializedString("sequence");
    private static final SerializableString OBSERVER = new SerializedString("observer");
    private static final SerializableString HOSTNAME = new SerializedString("hostname");
    private static final SerializableString INGRESS = new SerializedString("ingress");
    private static final SerializableString INTERFACE = new SerializedString("interface");
    private static final SerializableString NAME = new SerializedString("name");
    private static final SerializableString SOURCE = new SerializedString("source");
    private static final SerializableString DESTINATION = new SerializedString("destination");
    private static final SerializableString MAC = new SerializedString("mac");
    private static final SerializableString IP = new SerializedString("ip");
    private static final SerializableString PORT = new SerializedString("port");
    private static final SerializableString NETWORK = new SerializedString("network");
    private static final SerializableString BYTES = new SerializedString("bytes");
    private static final SerializableString TYPE = new SerializedString("type");
    private static final SerializableString TRANSPORT = new SerializedString("transport");
    private static final SerializableString IANA_NUMBER = new SerializedString("iana_number");
    private static final SerializableString VLAN = new SerializedString("vlan");
    private static final SerializableString INNER = new SerializedString("inner");
    private static final SerializableString ID = new SerializedString("id");
    private static final SerializableString NETZER = new SerializedString("netzer");
    private static final SerializableString CAPLEN = new SerializedString("caplen");
    private static final SerializableString DECODE_ERROR = new SerializedString("decode_error");
    private static final SerializableString TTL = new SerializedString("ttl");
    private static final SerializableString FRAGMENT_OFFSET = new SerializedString("fragment_offset");
    private static final SerializableString MORE_FRAGMENTS = new SerializedString("more_fragments");
    private static final SerializableString TCP = new SerializedString("tcp");
    private static final SerializableString FLAGS = new SerializedString("flags");
    private static final SerializableString SEQ = new SerializedString("seq");
    private static final SerializableString ACK = new SerializedString("ack");
    private static final SerializableString WINDOW = new SerializedString("window");
    private static final SerializableString ICMP = new SerializedString("icmp");
    private static final SerializableString CODE = new SerializedString("code");
    private static final SerializableString ARP = new SerializedString("arp");
    private static final SerializableString OPERATION = new SerializedString("operation");
    private static final SerializableString SENDER_IP = new SerializedString("sender_ip");
    private static final SerializableString TARGET_IP = new SerializedString("target_ip");
    private static final SerializableString SENDER_MAC = new SerializedString("sender_mac");
    private static final SerializableString TARGET_MAC = new SerializedString("target_mac");

    private static final int DRAIN_THRESHOLD = 1 << 16;

    private final OutputStream output;
    private final LineBuffer lines = new LineBuffer(DRAIN_THRESHOLD * 2);
    private final JsonGenerator generator;
    private final boolean flushEachBatch;
    private final InterfaceNames names;
    private final String hostname;
    private final char[] text = new char[64];
    private final char[] ipText = new char[AddressFormat.MAX_IPV6_LENGTH + 1];

    /**
     * A sink writing UTF-8 lines to {@code output}, whole lines at a time (so several sinks can share one).
     *
     * @param output         where the lines go; closed by {@link #close()}
     * @param hostname       {@code observer.hostname}
     * @param names          resolves {@code observer.ingress.interface.name}
     * @param flushEachBatch write out after every batch (a terminal, a live capture)
     */
    public NdjsonPacketSink(OutputStream output, String hostname, InterfaceNames names, boolean flushEachBatch)
            throws IOException {
        this.output = output;
        this.flushEachBatch = flushEachBatch;
        this.generator = FACTORY.createGenerator(lines, JsonEncoding.UTF8);
        this.generator.setRootValueSeparator(null);
        this.hostname = hostname;
        this.names = names;
    }

    @Override
    public void accept(Packet packet, Dissector dissector) throws IOException {
        JsonGenerator g = generator;
        g.writeStartObject();
        g.writeFieldName(TIMESTAMP);
        g.writeString(text, 0, Timestamps.rfc3339(packet.timestampNanos(), text, 0));
        g.writeFieldName(EVENT);
        g.writeStartObject();
        g.writeFieldName(DATASET);
        g.writeString(PACKET_DATASET);
        g.writeFieldName(SEQUENCE);
        g.writeNumber(packet.sequence());
        g.writeEndObject();
        writeObserver(g, packet.interfaceIndex());
        writeEndpoint(g, dissector, true);
        writeEndpoint(g, dissector, false);
        writeNetwork(g, packet, dissector);
        writeNetzer(g, packet, dissector);
        g.writeEndObject();
        g.writeRaw('\n');
        g.flush();
        if (lines.size() >= DRAIN_THRESHOLD) {
            lines.drainTo(output);
        }
    }

    private void writeObserver(JsonGenerator g, int interfaceIndex) throws IOException {
        g.writeFieldName(OBSERVER);
        g.writeStartObject();
        g.writeFieldName(HOSTNAME);
        g.writeString(hostname);
        String interfaceName = names.interfaceName(interfaceIndex);
        if (interfaceName != null) {
            g.writeFieldName(INGRESS);
            g.writeStartObject();
            g.writeFieldName(INTERFACE);
            g.writeStartObject();
            g.writeFieldName(NAME);
            g.writeString(interfaceName);
            g.writeEndObject();
            g.writeEndObject();
        }
        g.writeEndObject();
    }

    private void writeEndpoint(JsonGenerator g, Dissector d, boolean source) throws IOException {
        long mac = -1;
        if (d.has(Dissector.ETHERNET)) {
            mac = source ? d.ethernet().sourceMac() : d.ethernet().destinationMac();
        } else if (source && d.has(Dissector.LINUX_COOKED) && d.cooked().hasSourceMac()) {
            mac = d.cooked().sourceMac();
        }
        int length = formatIp(d, source);
        int port = PacketFields.port(d, source);
        if (mac < 0 && length == 0) {
            return;
        }
        g.writeFieldName(source ? SOURCE : DESTINATION);
        g.writeStartObject();
        if (mac >= 0) {
            g.writeFieldName(MAC);
            writeMac(g, mac);
        }
        if (length > 0) {
            g.writeFieldName(IP);
            g.writeString(ipText, 0, length);
        }
        if (port >= 0) {
            g.writeFieldName(PORT);
            g.writeNumber(port);
        }
        g.writeEndObject();
    }

    private int formatIp(Dissector d, boolean source) {
        if (d.has(Dissector.IPV4)) {
            Ipv4Header ip = d.ipv4();
            return AddressFormat.ipv4(source ? ip.sourceAddress() : ip.destinationAddress(), ipText, 0);
        }
        if (d.has(Dissector.IPV6)) {
            Ipv6Header ip = d.ipv6();
            long at = source ? ip.sourceAddressOffset() : ip.destinationAddressOffset();
            return AddressFormat.ipv6(ip.segment(), at, ipText, 0);
        }
        return 0;
    }

    private void writeNetwork(JsonGenerator g, Packet packet, Dissector d) throws IOException {
        g.writeFieldName(NETWORK);
        g.writeStartObject();
        g.writeFieldName(BYTES);
        g.writeNumber(packet.wireLength());
        int type = d.networkType();
        if (type >= 0 && !(d.has(Dissector.ETHERNET) && type < 0x0600)) {
            g.writeFieldName(TYPE);
            g.writeString(PacketFields.networkTypeName(type));
        }
        if (d.ipProtocol() >= 0) {
            g.writeFieldName(TRANSPORT);
            g.writeString(PacketFields.transportName(d.ipProtocol()));
            g.writeFieldName(IANA_NUMBER);
            g.writeString(PacketFields.number(d.ipProtocol()));
        }
        if (d.vlanCount() > 0) {
            writeVlan(g, d.vlanId(0));
        }
        if (d.vlanCount() > 1) {
            g.writeFieldName(INNER);
            g.writeStartObject();
            writeVlan(g, d.vlanId(1));
            g.writeEndObject();
        }
        g.writeEndObject();
    }

    private static void writeVlan(JsonGenerator g, int id) throws IOException {
        g.writeFieldName(VLAN);
        g.writeStartObject();
        g.writeFieldName(ID);
        g.writeString(PacketFields.number(id));
        g.writeEndObject();
    }

    private void writeNetzer(JsonGenerator g, Packet packet, Dissector d) throws IOException {
        g.writeFieldName(NETZER);
        g.writeStartObject();
        g.writeFieldName(CAPLEN);
        g.writeNumber(packet.capturedLength());
        if (d.status() != 0) {
            g.writeFieldName(DECODE_ERROR);
            g.writeString(DecodeStatus.fromCode(d.status()).reason());
        }
        writeIp(g, d);
        if (d.has(Dissector.TCP)) {
            TcpHeader tcp = d.tcp();
            g.writeFieldName(TCP);
            g.writeStartObject();
            g.writeFieldName(FLAGS);
            g.writeString(text, 0, PacketFields.tcpFlagLetters(tcp.flags(), text, 0));
            g.writeFieldName(SEQ);
            g.writeNumber(tcp.sequenceNumber());
            g.writeFieldName(ACK);
            g.writeNumber(tcp.acknowledgmentNumber());
            g.writeFieldName(WINDOW);
            g.writeNumber(tcp.window());
            g.writeEndObject();
        }
        if (d.has(Dissector.ICMP)) {
            IcmpHeader icmp = d.icmp();
            g.writeFieldName(ICMP);
            g.writeStartObject();
            g.writeFieldName(TYPE);
            g.writeNumber(icmp.type());
            g.writeFieldName(CODE);
            g.writeNumber(icmp.code());
            g.writeEndObject();
        }
        if (d.has(Dissector.ARP)) {
            writeArp(g, d.arp());
        }
        g.writeEndObject();
    }

    private void writeIp(JsonGenerator g, Dissector d) throws IOException {
        if (d.has(Dissector.IPV4)) {
            Ipv4Header ip = d.ipv4();
            g.writeFieldName(IP);
            g.writeStartObject();
            g.writeFieldName(TTL);
            g.writeNumber(ip.ttl());
            g.writeFieldName(ID);
            g.writeNumber(ip.identification());
            g.writeFieldName(FRAGMENT_OFFSET);
            g.writeNumber(ip.fragmentOffset() * 8);
            g.writeFieldName(MORE_FRAGMENTS);
            g.writeBoolean(ip.moreFragments());
            g.writeEndObject();
        } else if (d.has(Dissector.IPV6)) {
            Ipv6Header ip = d.ipv6();
            g.writeFieldName(IP);
            g.writeStartObject();
            g.writeFieldName(TTL);
            g.writeNumber(ip.hopLimit());
            if (ip.isFragment()) {
                g.writeFieldName(ID);
                g.writeNumber(ip.fragmentIdentification());
                g.writeFieldName(FRAGMENT_OFFSET);
                g.writeNumber(ip.fragmentOffset() * 8);
                g.writeFieldName(MORE_FRAGMENTS);
                g.writeBoolean(ip.moreFragments());
            }
            g.writeEndObject();
        }
    }

    private void writeArp(JsonGenerator g, ArpPacket arp) throws IOException {
        g.writeFieldName(ARP);
        g.writeStartObject();
        g.writeFieldName(OPERATION);
        g.writeNumber(arp.operation());
        if (arp.isEthernetIpv4()) {
            g.writeFieldName(SENDER_IP);
            g.writeString(text, 0, AddressFormat.ipv4(arp.senderIp(), text, 0));
            g.writeFieldName(TARGET_IP);
            g.writeString(text, 0, AddressFormat.ipv4(arp.targetIp(), text, 0));
            g.writeFieldName(SENDER_MAC);
            writeMac(g, arp.senderMac());
            g.writeFieldName(TARGET_MAC);
            writeMac(g, arp.targetMac());
        }
        g.writeEndObject();
    }

    private void writeMac(JsonGenerator g, long mac) throws IOException {
        g.writeString(text, 0, AddressFormat.mac(mac, text, 0));
    }

    @Override
    public void endOfBatch() throws IOException {
        if (flushEachBatch) {
            flush();
        }
    }

    @Override
    public void flush() throws IOException {
        generator.flush();
        lines.drainTo(output);
        output.flush();
    }

    @Override
    public void close() throws IOException {
        try {
            flush();
        } finally {
            generator.close();
            output.close();
        }
    }
}
