package io.netzer.export;

import io.netzer.dissect.DecodeLayer;
import io.netzer.dissect.DecodeStatus;
import io.netzer.dissect.Dissector;
import io.netzer.dissect.EtherTypes;

/**
 * Field values that the text and NDJSON sinks render alike: TCP flag letters, ports, and the names of network
 * types, transports, decode errors and their layers as quoted JSON bytes, made once, so that rendering them
 * allocates nothing.
 */
public final class PacketFields {
    private static final int CACHED_NUMBERS = 4096;
    /** TCP flags in tcpdump's order with the bit each stands for. */
    private static final char[] FLAG_LETTERS = {'F', 'S', 'R', 'P', 'A', 'U', 'E', 'C'};
    private static final int[] FLAG_BITS = {0x01, 0x02, 0x04, 0x08, 0x10, 0x20, 0x40, 0x80};
    private static final byte[][] NUMBER_JSON = new byte[CACHED_NUMBERS][];
    private static final byte[][] TRANSPORT_JSON = new byte[256][];
    private static final byte[][] ETHER_TYPE_JSON = new byte[65536][];
    private static final byte[][] DECODE_ERROR_JSON = new byte[DecodeStatus.values().length][];
    private static final byte[][] DECODE_LAYER_JSON = new byte[DecodeLayer.values().length][];

    static {
        for (int i = 0; i < CACHED_NUMBERS; i++) {
            NUMBER_JSON[i] = JsonLine.quoted(Integer.toString(i));
        }
        for (int i = 0; i < TRANSPORT_JSON.length; i++) {
            TRANSPORT_JSON[i] = JsonLine.quoted(IanaProtocols.keyword(i));
        }
        for (DecodeStatus status : DecodeStatus.values()) {
            DECODE_ERROR_JSON[status.ordinal()] = JsonLine.quoted(status.reason());
        }
        for (DecodeLayer layer : DecodeLayer.values()) {
            DECODE_LAYER_JSON[layer.ordinal()] = JsonLine.quoted(layer.keyword());
        }
    }

    private PacketFields() {
    }

    /** A number as a quoted JSON string (ECS keeps VLAN ids and protocol numbers as keywords). */
    static byte[] numberJson(int value) {
        return value >= 0 && value < CACHED_NUMBERS ? NUMBER_JSON[value] : JsonLine.quoted(Integer.toString(value));
    }

    /** {@code network.transport} as a quoted JSON string: the IANA keyword ({@link IanaProtocols}). */
    static byte[] transportJson(int protocol) {
        return TRANSPORT_JSON[protocol & 0xff];
    }

    /** {@code network.type} as a quoted JSON string, made once per EtherType seen. */
    static byte[] networkTypeJson(int etherType) {
        byte[] json = ETHER_TYPE_JSON[etherType];
        if (json == null) {
            json = JsonLine.quoted(networkTypeName(etherType));
            ETHER_TYPE_JSON[etherType] = json;
        }
        return json;
    }

    /** The reason of a negative {@link DecodeStatus} code as a quoted JSON string. */
    static byte[] decodeErrorJson(int status) {
        return DECODE_ERROR_JSON[DecodeStatus.fromCode(status).ordinal()];
    }

    /** {@code netzer.decode.layer}: the keyword of the layer where a decode stopped, as a quoted JSON string. */
    static byte[] decodeLayerJson(DecodeLayer layer) {
        return DECODE_LAYER_JSON[layer.ordinal()];
    }

    /** {@code network.type}: {@code ipv4}, {@code ipv6}, {@code arp}, or the EtherType as 4 hex digits. */
    private static String networkTypeName(int etherType) {
        return switch (etherType) {
            case EtherTypes.IPV4 -> "ipv4";
            case EtherTypes.IPV6 -> "ipv6";
            case EtherTypes.ARP -> "arp";
            default -> String.format("%04x", etherType);
        };
    }

    /** The transport on a text line: {@code tcp}, {@code udp}, {@code icmp}, {@code ipv6-icmp}, or the number. */
    static String transportName(int protocol) {
        return switch (protocol) {
            case EtherTypes.PROTO_TCP -> "tcp";
            case EtherTypes.PROTO_UDP -> "udp";
            case EtherTypes.PROTO_ICMP -> "icmp";
            case EtherTypes.PROTO_ICMPV6 -> "ipv6-icmp";
            default -> Integer.toString(protocol);
        };
    }

    /** The letters of the set TCP flags in tcpdump's order {@code FSRPAUEC}; returns the end position. */
    public static int tcpFlagLetters(int flags, char[] out, int position) {
        for (int i = 0; i < FLAG_LETTERS.length; i++) {
            if ((flags & FLAG_BITS[i]) != 0) {
                out[position++] = FLAG_LETTERS[i];
            }
        }
        return position;
    }

    /** The TCP or UDP source or destination port, or -1 when the packet has none. */
    public static int port(Dissector d, boolean source) {
        if (d.has(Dissector.TCP)) {
            return source ? d.tcp().sourcePort() : d.tcp().destinationPort();
        }
        if (d.has(Dissector.UDP)) {
            return source ? d.udp().sourcePort() : d.udp().destinationPort();
        }
        return -1;
    }
}
