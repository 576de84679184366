package io.netzer.flow;

import io.netzer.dissect.EtherTypes;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.security.DigestException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;

/**
 * Community ID v1 of a flow (https://github.com/corelight/community-id-spec): the same string for both
 * directions of a flow, whichever tool computes it. The hashed tuple is, in network byte order:
 *
 * <pre>
 * seed (2) | lower address (4 or 16) | higher address | protocol (1) | 0 (1) | lower port (2) | higher port (2)
 * </pre>
 *
 * then {@code "1:" + base64(sha1(...))}. Ports are hashed for TCP, UDP, SCTP, ICMP and ICMPv6 only. For ICMP the
 * "ports" are the type and code, except that a request/reply pair maps to (type, counterpart type) so both
 * directions match; types without a counterpart are one-way and keep their direction (the spec's table, as in
 * its Python reference implementation and Zeek's ICMP4_counterpart/ICMP6_counterpart).
 *
 * <p>Computed once per flow when its event is emitted; one instance per thread (it reuses its digest and buffer).
 */
public final class CommunityId {
    /** The seed the spec and every tool use unless configured otherwise. */
    public static final int DEFAULT_SEED = 0;

    private static final int IPV4_LENGTH = 4;
    private static final int IPV6_LENGTH = 16;
    private static final int SHA1_LENGTH = 20;
    private static final String VERSION_PREFIX = "1:";

    /** ICMP request type to reply type and back (RFC 792, RFC 950, RFC 1256); -1 for one-way types. */
    private static final int[] ICMP_COUNTERPART = counterparts(8, 0, 0, 8, 13, 14, 14, 13, 15, 16, 16, 15, 10, 9,
            17, 18, 18, 17);
    /** ICMPv6: echo, router and neighbour discovery, MLD, node information, home agent discovery. */
    private static final int[] ICMPV6_COUNTERPART = counterparts(128, 129, 129, 128, 133, 134, 134, 133, 135, 136,
            136, 135, 130, 131, 131, 130, 139, 140, 140, 139, 144, 145, 145, 144);

    private final int seed;
    private final MessageDigest sha1;
    private final byte[] source = new byte[IPV6_LENGTH];
    private final byte[] destination = new byte[IPV6_LENGTH];
    private final byte[] tuple = new byte[2 + 2 * IPV6_LENGTH + 2 + 4];
    private final byte[] digest = new byte[SHA1_LENGTH];

    /** Creates a hasher with the {@link #DEFAULT_SEED}. */
    public CommunityId() {
        this(DEFAULT_SEED);
    }

    /**
     * Creates a hasher.
     *
     * @param seed 0 to 65535, the same value on every sensor whose IDs must agree
     */
    public CommunityId(int seed) {
        if (seed < 0 || seed > 0xffff) {
            throw new IllegalArgumentException("Community ID seed: " + seed + " (expected 0 to 65535)");
        }
        this.seed = seed;
        try {
            sha1 = MessageDigest.getInstance("SHA-1");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MessageDigest SHA-1: not available, but every JDK must provide it", e);
        }
    }

    /**
     * Community ID of a flow whose addresses are arrays.
     *
     * @param sourceAddress      4 (IPv4) or 16 (IPv6) bytes, network order
     * @param destinationAddress same length as the source
     * @param protocol           IP protocol number (after IPv6 extension headers)
     * @param sourcePort         TCP/UDP/SCTP source port, or the ICMP/ICMPv6 type; ignored for other protocols
     * @param destinationPort    TCP/UDP/SCTP destination port, or the ICMP/ICMPv6 code
     * @return e.g. {@code 1:LQU9qZlK+B5F3KDmev6m5PMibrg=}
     */
    public String compute(byte[] sourceAddress, byte[] destinationAddress, int protocol, int sourcePort,
            int destinationPort) {
        int length = checkLength(sourceAddress.length, destinationAddress.length);
        System.arraycopy(sourceAddress, 0, source, 0, length);
        System.arraycopy(destinationAddress, 0, destination, 0, length);
        return hash(length, protocol, sourcePort, destinationPort);
    }

    /**
     * Community ID of a flow whose addresses lie in a packet (e.g. an IP header) in place.
     *
     * @param segment            memory holding both addresses
     * @param sourceOffset       where the source address starts
     * @param destinationOffset  where the destination address starts
     * @param addressLength      4 or 16
     * @param protocol           IP protocol number
     * @param sourcePort         source port or ICMP type
     * @param destinationPort    destination port or ICMP code
     * @return the Community ID string
     */
    public String compute(MemorySegment segment, long sourceOffset, long destinationOffset, int addressLength,
            int protocol, int sourcePort, int destinationPort) {
        int length = checkLength(addressLength, addressLength);
        MemorySegment.copy(segment, ValueLayout.JAVA_BYTE, sourceOffset, source, 0, length);
        MemorySegment.copy(segment, ValueLayout.JAVA_BYTE, destinationOffset, destination, 0, length);
        return hash(length, protocol, sourcePort, destinationPort);
    }

    private String hash(int length, int protocol, int sourcePort, int destinationPort) {
        boolean hasPorts = protocol == EtherTypes.PROTO_TCP || protocol == EtherTypes.PROTO_UDP
                || protocol == EtherTypes.PROTO_SCTP || protocol == EtherTypes.PROTO_ICMP
                || protocol == EtherTypes.PROTO_ICMPV6;
        int port1 = sourcePort;
        int port2 = destinationPort;
        boolean oneWay = false;
        if (protocol == EtherTypes.PROTO_ICMP || protocol == EtherTypes.PROTO_ICMPV6) {
            int[] table = protocol == EtherTypes.PROTO_ICMP ? ICMP_COUNTERPART : ICMPV6_COUNTERPART;
            int counterpart = sourcePort >= 0 && sourcePort < table.length ? table[sourcePort] : -1;
            oneWay = counterpart < 0;
            if (!oneWay) {
                port2 = counterpart;
            }
        }
        if (!hasPorts) {
            port1 = 0;
            port2 = 0;
        }
        int order = Arrays.compareUnsigned(source, 0, length, destination, 0, length);
        boolean keep = oneWay || order < 0 || (order == 0 && port1 < port2);
        int n = 0;
        tuple[n++] = (byte) (seed >>> 8);
        tuple[n++] = (byte) seed;
        System.arraycopy(keep ? source : destination, 0, tuple, n, length);
        n += length;
        System.arraycopy(keep ? destination : source, 0, tuple, n, length);
        n += length;
        tuple[n++] = (byte) protocol;
        tuple[n++] = 0;
        if (hasPorts) {
            int first = keep ? port1 : port2;
            int second = keep ? port2 : port1;
            tuple[n++] = (byte) (first >>> 8);
            tuple[n++] = (byte) first;
            tuple[n++] = (byte) (second >>> 8);
            tuple[n++] = (byte) second;
        }
        sha1.update(tuple, 0, n);
        try {
            sha1.digest(digest, 0, SHA1_LENGTH);
        } catch (DigestException e) {
            throw new IllegalStateException("SHA-1 digest into a 20-byte buffer failed", e);
        }
        return VERSION_PREFIX + new String(Base64.getEncoder().encode(digest), StandardCharsets.US_ASCII);
    }

    private static int checkLength(int sourceLength, int destinationLength) {
        if (sourceLength != destinationLength || (sourceLength != IPV4_LENGTH && sourceLength != IPV6_LENGTH)) {
            throw new IllegalArgumentException("Community ID addresses: " + sourceLength + " and "
                    + destinationLength + " bytes (expected both 4 or both 16)");
        }
        return sourceLength;
    }

    private static int[] counterparts(int... pairs) {
        int[] table = new int[256];
        Arrays.fill(table, -1);
        for (int i = 0; i < pairs.length; i += 2) {
            table[pairs[i]] = pairs[i + 1];
        }
        return table;
    }
}
