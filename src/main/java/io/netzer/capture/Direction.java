package io.netzer.capture;

import io.netzer.sys.LinuxConstants;

/**
 * tcpdump's {@code -Q}: the packets a live capture keeps by direction. The kernel gives each frame a packet type
 * (sll_pkttype); libpcap on Linux counts PACKET_OUTGOING as sent and every other type (to this host, broadcast,
 * multicast, to another host) as received, and so does NetZer.
 */
public enum Direction {
    /** Both ways (the default). */
    INOUT,
    /** Received only. */
    IN,
    /** Sent only. */
    OUT;

    /** Whether a frame of packet type {@code pkttype} is kept. */
    boolean accepts(int pkttype) {
        return switch (this) {
            case INOUT -> true;
            case IN -> pkttype != LinuxConstants.PACKET_OUTGOING;
            case OUT -> pkttype == LinuxConstants.PACKET_OUTGOING;
        };
    }
}
