package io.netzer.flow;

import io.netzer.dissect.Dissector;
import io.netzer.dissect.Ipv6Header;
import io.netzer.dissect.Wire;
import java.lang.foreign.MemorySegment;

/**
 * The flow key of the current packet, read from the dissector's layers: outer VLAN id, IP version and protocol
 * ({@link #bits}), addresses as two longs each (IPv4 in the low word), ports (0 unless TCP or UDP), and a hash
 * that is the same for both directions. Reused for every packet.
 */
final class FlowKey {
    static final int NO_ICMP = -1;

    private static final int VERSION_SHIFT = 28;
    private static final int PROTOCOL_SHIFT = 16;

    int bits;
    long sourceHigh;
    long sourceLow;
    long destinationHigh;
    long destinationLow;
    int sourcePort;
    int destinationPort;
    int icmpTypeCode;
    int hash;

    /** Reads the key; false when the packet has no IP layer. */
    boolean read(Dissector dissector) {
        int version;
        if (dissector.has(Dissector.IPV4)) {
            version = 4;
            sourceHigh = 0;
            destinationHigh = 0;
            sourceLow = dissector.ipv4().sourceAddress() & 0xffffffffL;
            destinationLow = dissector.ipv4().destinationAddress() & 0xffffffffL;
        } else if (dissector.has(Dissector.IPV6)) {
            version = 6;
            Ipv6Header ip = dissector.ipv6();
            MemorySegment segment = ip.segment();
            sourceHigh = Wire.i64(segment, ip.sourceAddressOffset());
            sourceLow = Wire.i64(segment, ip.sourceAddressOffset() + Long.BYTES);
            destinationHigh = Wire.i64(segment, ip.destinationAddressOffset());
            destinationLow = Wire.i64(segment, ip.destinationAddressOffset() + Long.BYTES);
        } else {
            return false;
        }
        sourcePort = 0;
        destinationPort = 0;
        icmpTypeCode = NO_ICMP;
        if (dissector.has(Dissector.TCP)) {
            sourcePort = dissector.tcp().sourcePort();
            destinationPort = dissector.tcp().destinationPort();
        } else if (dissector.has(Dissector.UDP)) {
            sourcePort = dissector.udp().sourcePort();
            destinationPort = dissector.udp().destinationPort();
        } else if (dissector.has(Dissector.ICMP)) {
            icmpTypeCode = dissector.icmp().type() << 8 | dissector.icmp().code();
        }
        int vlan = dissector.vlanCount() > 0 ? dissector.vlanId(0) + 1 : 0;
        bits = version << VERSION_SHIFT | (dissector.ipProtocol() & 0xff) << PROTOCOL_SHIFT | vlan;
        long one = endpointHash(sourceHigh, sourceLow, sourcePort);
        long other = endpointHash(destinationHigh, destinationLow, destinationPort);
        // Sum and product commute: both directions hash alike.
        hash = (int) mix((one + other) ^ (one * other) ^ bits);
        return true;
    }

    static int version(int bits) {
        return bits >>> VERSION_SHIFT;
    }

    static int protocol(int bits) {
        return bits >>> PROTOCOL_SHIFT & 0xff;
    }

    /** The outer VLAN id, or -1. */
    static int vlanId(int bits) {
        return (bits & 0xffff) - 1;
    }

    private static long endpointHash(long high, long low, int port) {
        return mix(high * 0x9E3779B97F4A7C15L + low) + port * 0xC2B2AE3D27D4EB4FL;
    }

    /** The finaliser of MurmurHash3 (fmix64): every input bit reaches every output bit. */
    private static long mix(long z) {
        z = (z ^ (z >>> 33)) * 0xff51afd7ed558ccdL;
        z = (z ^ (z >>> 33)) * 0xc4ceb9fe1a85ec53L;
        return z ^ (z >>> 33);
    }
}
