package io.netzer.dissect;

import java.lang.foreign.MemorySegment;

/**
 * The tunnels a packet was decapsulated from, outermost first: for each level its type, where its outer IP
 * header lies (the addresses are read from the packet's memory when an event is written, never copied), the
 * outer UDP ports of a UDP tunnel, and the VXLAN/Geneve VNI or GRE key. The {@link Dissector} fills one instance
 * in place for each packet; the layer accessors of the dissector then describe the innermost packet.
 */
public final class TunnelStack {
    /** IPv4 or IPv6 directly in IPv4 or IPv6 (IP protocol 4 or 41, RFC 2003 and RFC 4213). */
    public static final int IP_IN_IP = 1;
    /** GRE (IP protocol 47, RFC 2784 and RFC 2890), ERSPAN types I and II included. */
    public static final int GRE = 2;
    /** VXLAN (RFC 7348) on UDP port 4789, or Flannel's 8472. */
    public static final int VXLAN = 3;
    /** Geneve (RFC 8926) on UDP port 6081. */
    public static final int GENEVE = 4;

    private final int[] types;
    private final MemorySegment[] segments;
    private final long[] outerOffsets;
    private final int[] outerVersions;
    private final int[] sourcePorts;
    private final int[] destinationPorts;
    private final long[] ids;
    private final long[] headerOffsets;
    private int depth;

    TunnelStack(int capacity) {
        types = new int[capacity];
        segments = new MemorySegment[capacity];
        outerOffsets = new long[capacity];
        outerVersions = new int[capacity];
        sourcePorts = new int[capacity];
        destinationPorts = new int[capacity];
        ids = new long[capacity];
        headerOffsets = new long[capacity];
    }

    void clear() {
        depth = 0;
    }

    /**
     * Records one more level (the caller has checked the capacity).
     *
     * @param outerOffset  where the outer IP header starts
     * @param outerVersion 4 or 6
     * @param headerOffset where the tunnel's own header starts (the inner IP header for IP-in-IP)
     * @param id           VNI or GRE key, or -1 when the tunnel carries none
     */
    void push(int type, MemorySegment segment, long outerOffset, int outerVersion, int sourcePort,
            int destinationPort, long id, long headerOffset) {
        types[depth] = type;
        segments[depth] = segment;
        outerOffsets[depth] = outerOffset;
        outerVersions[depth] = outerVersion;
        sourcePorts[depth] = sourcePort;
        destinationPorts[depth] = destinationPort;
        ids[depth] = id;
        headerOffsets[depth] = headerOffset;
        depth++;
    }

    /** Tunnels the packet was taken out of; 0 for a packet that was not tunnelled. */
    public int depth() {
        return depth;
    }

    /** The type of level {@code level} (0 is the outermost). */
    public int type(int level) {
        return types[level];
    }

    /** The memory holding the packet. */
    public MemorySegment segment(int level) {
        return segments[level];
    }

    /** 4 or 6: the version of the IP header that carries level {@code level}. */
    public int outerVersion(int level) {
        return outerVersions[level];
    }

    /** The outer source address's offset in {@link #segment}: 4 bytes for IPv4, 16 for IPv6. */
    public long outerSourceOffset(int level) {
        return outerOffsets[level] + (outerVersions[level] == 4 ? Ipv4Header.SOURCE_OFFSET : Ipv6Header.SOURCE_OFFSET);
    }

    /** The outer destination address's offset in {@link #segment}: 4 bytes for IPv4, 16 for IPv6. */
    public long outerDestinationOffset(int level) {
        return outerOffsets[level]
                + (outerVersions[level] == 4 ? Ipv4Header.DESTINATION_OFFSET : Ipv6Header.DESTINATION_OFFSET);
    }

    /** The outer UDP source port of a VXLAN or Geneve level, else -1. */
    public int sourcePort(int level) {
        return sourcePorts[level];
    }

    /** The outer UDP destination port of a VXLAN or Geneve level, else -1. */
    public int destinationPort(int level) {
        return destinationPorts[level];
    }

    /** The VXLAN or Geneve VNI, or the GRE key; -1 when the level carries none. */
    public long id(int level) {
        return ids[level];
    }

    /** Where the tunnel header of level {@code level} starts (the first byte after the outer IP or UDP header). */
    public long headerOffset(int level) {
        return headerOffsets[level];
    }

    /** The type's name as events write it: {@code ipip}, {@code gre}, {@code vxlan}, {@code geneve}. */
    public static String name(int type) {
        return switch (type) {
            case IP_IN_IP -> "ipip";
            case GRE -> "gre";
            case VXLAN -> "vxlan";
            case GENEVE -> "geneve";
            default -> throw new IllegalArgumentException("tunnel type " + type + " (expected 1 to 4)");
        };
    }
}
