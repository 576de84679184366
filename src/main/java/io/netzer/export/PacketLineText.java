package io.netzer.export;

import io.netzer.dissect.ArpPacket;
import io.netzer.dissect.DecodeStatus;
import io.netzer.dissect.Dissector;
import io.netzer.dissect.Ipv6Header;
import io.netzer.dissect.Packet;
import io.netzer.dissect.TcpHeader;
import io.netzer.dissect.UdpHeader;
import io.netzer.dissect.Wire;

/**
 * Composes a packet's text line in tcpdump's habits into a reused char array: number, time, link header, protocol,
 * endpoints, then each protocol's details in tcpdump's words (MPLS, VLAN, PPPoE, tunnel, fragment or IPv6 chain,
 * TCP, UDP and DNS, ICMP, ARP), the decode fault, and under {@code -v} the IP fields. The columns are shared with
 * the event lines ({@link TextEvents}). Nothing is allocated per packet; where the line goes is
 * {@link TextPacketSink}'s.
 */
final class PacketLineText {
    static final int PROTOCOL_WIDTH = 5;
    static final int ENDPOINT_WIDTH = 21;
    static final String RESET = "\u001b[0m";
    static final String DIM = "\u001b[2m";
    private static final int MAX_LINE = 4096;
    private static final int PACKET_NUMBER_WIDTH = 5;
    private static final int DNS_PORT = 53;
    private static final int MDNS_PORT = 5353;
    /** Kept free after an HTTP line or an IPv6 chain for what may follow: a fault, under -v the IP fields. */
    private static final int ROOM_AFTER_HTTP = 512;
    private static final String RED = "\u001b[31m";
    /** tcpdump's flag characters: {@code .} stands for ACK, {@code W} for CWR. */
    private static final char[] TCP_FLAG_CHARS = {'F', 'S', 'R', 'P', 'U', 'E', 'W', '.'};
    private static final int[] TCP_FLAG_BITS = {TcpHeader.FIN, TcpHeader.SYN, TcpHeader.RST, TcpHeader.PSH,
        TcpHeader.URG, TcpHeader.ECE, TcpHeader.CWR, TcpHeader.ACK};

    private final boolean colour;
    private final boolean quick;
    private final TextOptions options;
    private final TimeColumn time;
    private final TcpSequenceBases sequenceBases;
    private final DnsText dns = new DnsText();
    private final char[] line = new char[MAX_LINE];
    private int position;

    /**
     * @param colour        whether to colour protocol names and faults with ANSI escapes
     * @param quick         tcpdump's {@code -q}: less protocol detail per line
     * @param options       what each line shows
     * @param time          the time column
     * @param sequenceBases relative TCP sequence numbers, or null for absolute ones
     */
    PacketLineText(boolean colour, boolean quick, TextOptions options, TimeColumn time,
            TcpSequenceBases sequenceBases) {
        this.colour = colour;
        this.quick = quick;
        this.options = options;
        this.time = time;
        this.sequenceBases = sequenceBases;
    }

    /**
     * Composes the line of the {@code number}th packet printed, without its newline, into {@link #chars()}.
     *
     * @return the line's length
     */
    int compose(Packet packet, Dissector d, long number) {
        position = 0;
        if (options.packetNumbers()) {
            packetNumber(number);
        }
        if (time.present()) {
            style(DIM);
            position = time.write(packet.timestampNanos(), line, position);
            style(RESET);
            put(' ');
        }
        if (options.linkHeader()) {
            position = LinkHeaderText.write(packet, d, line, position);
            put(' ');
        }
        ProtocolSummary.Kind kind = ProtocolSummary.kind(d);
        style(kind.colour());
        padTo(position + PROTOCOL_WIDTH, kind.label());
        style(RESET);
        put(' ');
        endpoints(d);
        details(packet, d, kind);
        if (d.status() != 0) {
            DecodeStatus status = DecodeStatus.fromCode(d.status());
            put(' ');
            style(RED);
            put('[');
            append(status.isTruncation() ? "truncated: " : "malformed: ");
            append(status.reason());
            put(']');
            style(RESET);
        }
        if (options.verbosity() > 0 && (d.has(Dissector.IPV4) || d.has(Dissector.IPV6))) {
            put(' ');
            position = IpFieldsText.write(d, line, position);
            if (options.verbosity() > 1) {
                position = ChecksumText.write(packet, d, line, position);
            }
        }
        return position;
    }

    /** The composed line: ASCII characters, {@link #compose}'s length of them. */
    char[] chars() {
        return line;
    }

    /** tcpdump's {@code -#}: the number right-aligned in five columns, then two spaces. */
    private void packetNumber(long number) {
        int digits = AddressFormat.decimal(number, line, position) - position;
        for (int i = digits; i < PACKET_NUMBER_WIDTH; i++) {
            line[position++] = ' ';
        }
        position = AddressFormat.decimal(number, line, position);
        put(' ');
        put(' ');
    }

    private void endpoints(Dissector d) {
        int start = position;
        if (!source(d, true)) {
            return;
        }
        padTo(start + ENDPOINT_WIDTH, null);
        append(" > ");
        start = position;
        source(d, false);
        padTo(start + ENDPOINT_WIDTH, null);
        put(' ');
    }

    /** Writes the source or destination address (and port); false when the packet has no addresses at all. */
    private boolean source(Dissector d, boolean source) {
        if (d.has(Dissector.IPV4)) {
            position = AddressFormat.ipv4(source ? d.ipv4().sourceAddress() : d.ipv4().destinationAddress(), line,
                    position);
        } else if (d.has(Dissector.IPV6)) {
            long at = source ? d.ipv6().sourceAddressOffset() : d.ipv6().destinationAddressOffset();
            position = AddressFormat.ipv6(d.ipv6().segment(), at, line, position);
        } else if (d.has(Dissector.ETHERNET)) {
            position = AddressFormat.mac(source ? d.ethernet().sourceMac() : d.ethernet().destinationMac(), line,
                    position);
            return true;
        } else {
            return false;
        }
        int port = PacketFields.port(d, source);
        if (port >= 0) {
            put('.');
            position = AddressFormat.decimal(port, line, position);
        }
        return true;
    }

    /** {@code vlan 100,10 }: the VLAN ids of tags {@code from} to {@code to}, when there are any. */
    private void vlans(Dissector d, int from, int to) {
        if (from == to) {
            return;
        }
        append("vlan ");
        for (int i = from; i < to; i++) {
            if (i > from) {
                put(',');
            }
            number(d.vlanId(i));
        }
        put(' ');
    }

    private void details(Packet packet, Dissector d, ProtocolSummary.Kind kind) {
        if (d.has(Dissector.MPLS)) {
            mpls(packet, d);
        }
        vlans(d, 0, d.outerVlanCount());
        if (d.has(Dissector.PPPOE)) {
            append("PPPoE [ses 0x");
            position = AddressFormat.hex(d.pppoe().sessionId(), 4, line, position);
            append("] ");
        }
        if (d.has(Dissector.TUNNEL)) {
            position = TunnelText.write(d, line, position);
            vlans(d, d.outerVlanCount(), d.vlanCount());
        }
        if (!quick && d.has(Dissector.IPV4) && (d.ipv4().fragmentOffset() != 0 || d.ipv4().moreFragments())) {
            fragment(d.ipv4().identification(), d.ipv4().fragmentOffset(), d.ipv4().moreFragments());
        } else if (!quick && d.has(Dissector.IPV6)) {
            long header = d.ipv6().sourceAddressOffset() - Ipv6Header.SOURCE_OFFSET;
            long captured = packet.offset() + packet.capturedLength() - header;
            position = Ipv6ChainText.write(d.ipv6().segment(), header, (int) Math.max(0, captured), line, position,
                    MAX_LINE - ROOM_AFTER_HTTP);
        }
        switch (kind) {
            case TCP -> tcp(packet, d, d.payloadLength());
            case UDP -> udp(packet, d);
            case ICMP, ICMP6 -> position = IcmpText.write(packet, d, line, position);
            case ARP, RARP -> arp(packet, d);
            case IPV4, IPV6 -> {
                append("proto ");
                number(d.ipProtocol());
                append(" len ");
                number(d.payloadLength());
            }
            default -> {
                if (d.networkType() >= 0) {
                    append(d.networkType() < 0x0600 ? "802.3 len " : "ethertype 0x");
                    if (d.networkType() < 0x0600) {
                        number(d.networkType());
                    } else {
                        position = AddressFormat.hex(d.networkType(), 4, line, position);
                    }
                    put(' ');
                }
                append("length ");
                number(packet.wireLength());
            }
        }
    }

    /**
     * The label stack as tcpdump prints it without {@code -v} (print-mpls.c):
     * {@code MPLS (label 16, tc 0, ttl 64) (label 17, tc 0, [S], ttl 64)}, [S] marking the bottom of the stack.
     */
    private void mpls(Packet packet, Dissector d) {
        append("MPLS");
        for (int i = 0; i < d.mplsLabelCount(); i++) {
            long entry = Wire.u32(packet.segment(), d.mplsOffset() + 4L * i);
            append(" (label ");
            number(entry >>> 12);
            append(", tc ");
            number((entry >>> 9) & 0x7);
            if ((entry & 0x100) != 0) {
                append(", [S]");
            }
            append(", ttl ");
            number(entry & 0xff);
            put(')');
        }
        put(' ');
    }

    /** A DNS message on port 53 or 5353 in tcpdump's words, else the UDP length. */
    private void udp(Packet packet, Dissector d) {
        int source = d.udp().sourcePort();
        int destination = d.udp().destinationPort();
        boolean multicast = source == MDNS_PORT || destination == MDNS_PORT;
        int declared = Math.max(0, d.udp().length() - UdpHeader.HEADER_LENGTH);
        if (!quick && (source == DNS_PORT || destination == DNS_PORT || multicast)) {
            position = dns.write(packet.segment(), d.payloadOffset(), d.payloadLength(), declared, multicast, line,
                    position);
            return;
        }
        append("len ");
        number(d.payloadLength());
    }

    private void fragment(long id, int offset, boolean more) {
        append("frag id ");
        number(id);
        append(" off ");
        number(offset * 8L);
        if (more) {
            put('+');
        }
        put(' ');
    }

    private void tcp(Packet packet, Dissector d, int payloadLength) {
        TcpHeader tcp = d.tcp();
        int flags = tcp.flags();
        put('[');
        int before = position;
        for (int i = 0; i < TCP_FLAG_CHARS.length; i++) {
            if ((flags & TCP_FLAG_BITS[i]) != 0) {
                put(TCP_FLAG_CHARS[i]);
            }
        }
        if (position == before) {
            append("none");
        }
        append("] ");
        if (!quick) {
            long sequence = tcp.sequenceNumber();
            long acknowledgment = tcp.acknowledgmentNumber();
            if (sequenceBases != null) {
                sequenceBases.apply(d);
                sequence = sequenceBases.sequence();
                acknowledgment = sequenceBases.acknowledgment();
            }
            append("seq ");
            number(sequence);
            if ((flags & TcpHeader.ACK) != 0) {
                append(" ack ");
                number(acknowledgment);
            }
            append(" win ");
            number(tcp.window());
            // SACK edges count in the acknowledgment's space: relative to the same base as the ack.
            tcpOptions(packet, d, (tcp.acknowledgmentNumber() - acknowledgment) & 0xffff_ffffL);
            put(' ');
        }
        append("len ");
        number(payloadLength);
        if (!quick && payloadLength > 0 && HttpText.isHttpPort(tcp.sourcePort(), tcp.destinationPort())) {
            put(' ');
            long captured = packet.offset() + packet.capturedLength() - d.payloadOffset();
            int available = (int) Math.max(0, Math.min(payloadLength, captured));
            position = HttpText.write(packet.segment(), d.payloadOffset(), available, line, position,
                    MAX_LINE - ROOM_AFTER_HTTP - position);
        } else if (!quick && payloadLength > 0 && (tcp.sourcePort() == DNS_PORT || tcp.destinationPort() == DNS_PORT)) {
            long captured = packet.offset() + packet.capturedLength() - d.payloadOffset();
            int available = (int) Math.max(0, Math.min(payloadLength, captured));
            position = dns.writeTcp(packet.segment(), d.payloadOffset(), available, payloadLength, line, position);
        }
    }

    /** The options in wire order, as tcpdump lists them: {@code <mss 1460,nop,wscale 7,sackOK,TS val 1 ecr 0>}. */
    private void tcpOptions(Packet packet, Dissector d, long sackBase) {
        TcpHeader tcp = d.tcp();
        if (tcp.headerLength() <= TcpHeader.MIN_HEADER_LENGTH) {
            return;
        }
        long start = d.payloadOffset() - tcp.headerLength();
        append(" <");
        position = TcpOptionsText.write(packet.segment(), start + TcpHeader.MIN_HEADER_LENGTH, d.payloadOffset(),
                sackBase, line, position);
        put('>');
    }

    /** tcpdump's words: {@code Request who-has 10.0.0.1 tell 10.0.0.2, length 46}, {@code Reply ... is-at ...}. */
    private void arp(Packet packet, Dissector d) {
        ArpPacket arp = d.arp();
        if (!arp.isEthernetIpv4()) {
            append("op ");
            number(arp.operation());
        } else {
            switch (arp.operation()) {
                case 1 -> {
                    append("Request who-has ");
                    position = AddressFormat.ipv4(arp.targetIp(), line, position);
                    append(" tell ");
                    position = AddressFormat.ipv4(arp.senderIp(), line, position);
                }
                case 2 -> {
                    append("Reply ");
                    position = AddressFormat.ipv4(arp.senderIp(), line, position);
                    append(" is-at ");
                    position = AddressFormat.mac(arp.senderMac(), line, position);
                }
                default -> {
                    append("op ");
                    number(arp.operation());
                    put(' ');
                    position = AddressFormat.ipv4(arp.senderIp(), line, position);
                    append(" > ");
                    position = AddressFormat.ipv4(arp.targetIp(), line, position);
                }
            }
        }
        append(", length ");
        number(Math.max(0, packet.wireLength() - LinkHeaders.length(packet, d)));
    }

    private void number(long value) {
        position = AddressFormat.decimal(value, line, position);
    }

    private void style(String escape) {
        if (colour && escape != null) {
            append(escape);
        }
    }

    private void padTo(int column, String text) {
        if (text != null) {
            append(text);
        }
        while (position < column) {
            line[position++] = ' ';
        }
    }

    private void append(String text) {
        int length = Math.min(text.length(), MAX_LINE - position - 1);
        text.getChars(0, length, line, position);
        position += length;
    }

    private void put(char c) {
        if (position < MAX_LINE) {
            line[position++] = c;
        }
    }
}
