package io.netzer.sys;

/**
 * Constants from the Linux and glibc headers, named as there. Values are those of x86-64 and arm64, which agree
 * on every one below.
 */
public final class LinuxConstants {
    // <bits/socket.h>, <linux/socket.h>
    /** Packet family: raw link-layer sockets. */
    public static final int AF_PACKET = 17;
    /** Whole frames with their link-layer header. */
    public static final int SOCK_RAW = 3;
    /** Frames without their link-layer header; the address comes in a sockaddr_ll. */
    public static final int SOCK_DGRAM = 2;
    /** Close the descriptor on exec, so that a child process never inherits a capture socket. */
    public static final int SOCK_CLOEXEC = 0x80000;
    /** setsockopt level of the generic socket options. */
    public static final int SOL_SOCKET = 1;
    /** getsockopt(SOL_SOCKET): the pending socket error, cleared by reading it. */
    public static final int SO_ERROR = 4;
    /** setsockopt level of the packet-socket options. */
    public static final int SOL_PACKET = 263;

    // <asm-generic/socket.h>
    /** Attach a classic BPF program (struct sock_fprog). */
    public static final int SO_ATTACH_FILTER = 26;
    /** Detach the classic BPF program. */
    public static final int SO_DETACH_FILTER = 27;
    /** Forbid any later change of the attached filter. */
    public static final int SO_LOCK_FILTER = 44;

    // <linux/if_ether.h>
    /** Every protocol: what a capture binds to. */
    public static final int ETH_P_ALL = 0x0003;

    // <linux/if_packet.h>
    /** Join a multicast group or a mode (struct packet_mreq). */
    public static final int PACKET_ADD_MEMBERSHIP = 1;
    /** Leave what PACKET_ADD_MEMBERSHIP joined. */
    public static final int PACKET_DROP_MEMBERSHIP = 2;
    /** Set up the receive ring (struct tpacket_req3 for TPACKET_V3). */
    public static final int PACKET_RX_RING = 5;
    /** Read and reset the socket's counters (struct tpacket_stats_v3 for TPACKET_V3). */
    public static final int PACKET_STATISTICS = 6;
    /** Choose the ring's frame format. */
    public static final int PACKET_VERSION = 10;
    /** Headroom the kernel leaves in front of each frame's packet. */
    public static final int PACKET_RESERVE = 12;
    /** Join a fanout group: the group id in the low 16 bits, the mode and flags in the high 16. */
    public static final int PACKET_FANOUT = 18;
    /** Membership type of PACKET_ADD_MEMBERSHIP: promiscuous mode. */
    public static final int PACKET_MR_PROMISC = 1;
    /** Fanout mode: by flow hash, so that a flow always lands on the same socket. */
    public static final int PACKET_FANOUT_HASH = 0;
    /** Fanout flag: defragment IP first, so that the fragments of a datagram hash alike. */
    public static final int PACKET_FANOUT_FLAG_DEFRAG = 0x8000;
    /** Block-based ring format with variable-size frames. */
    public static final int TPACKET_V3 = 2;
    /** Alignment of frame headers and packets in the ring. */
    public static final int TPACKET_ALIGNMENT = 16;

    /** Block status: the kernel owns the block. */
    public static final int TP_STATUS_KERNEL = 0;
    /** Block status: the block is closed and belongs to user space. */
    public static final int TP_STATUS_USER = 1;
    /** Block status flag: the block was retired by the timeout rather than because it was full. */
    public static final int TP_STATUS_BLK_TMO = 1 << 5;
    /** Frame status flag: the kernel dropped packets while this one was received. */
    public static final int TP_STATUS_LOSING = 1 << 2;
    /** Frame status flag: tp_vlan_tci holds a tag the driver stripped. */
    public static final int TP_STATUS_VLAN_VALID = 1 << 4;
    /** Frame status flag: tp_vlan_tpid holds the stripped tag's TPID (else it was 802.1Q). */
    public static final int TP_STATUS_VLAN_TPID_VALID = 1 << 6;

    /** sll_pkttype of a packet sent by this host (seen on the way out). */
    public static final int PACKET_OUTGOING = 4;

    // <linux/if_arp.h>
    /** Hardware type of Ethernet interfaces (veth, bridges, most NICs). */
    public static final int ARPHRD_ETHER = 1;
    /** Hardware type of the loopback interface, which carries Ethernet headers of zeros. */
    public static final int ARPHRD_LOOPBACK = 772;
    /** Hardware type of interfaces without a link-layer header (tun, WireGuard): packets start at IP. */
    public static final int ARPHRD_NONE = 65534;

    // <bits/mman-linux.h>
    /** Pages may be read. */
    public static final int PROT_READ = 0x1;
    /** Pages may be written. */
    public static final int PROT_WRITE = 0x2;
    /** Changes are shared with the kernel. */
    public static final int MAP_SHARED = 0x01;

    // <linux/prctl.h>
    /** Read the calling thread's no_new_privs flag. */
    public static final int PR_GET_NO_NEW_PRIVS = 39;
    /** Set the no_new_privs flag: execve can never grant privileges again. */
    public static final int PR_SET_NO_NEW_PRIVS = 38;
    /** Whether a capability is in the calling thread's bounding set. */
    public static final int PR_CAPBSET_READ = 23;
    /** Remove a capability from the calling thread's bounding set (needs CAP_SETPCAP). */
    public static final int PR_CAPBSET_DROP = 24;

    private LinuxConstants() {
    }

    /** The kernel names of a setsockopt level and option, for messages: {@code SOL_PACKET, PACKET_RX_RING}. */
    public static String socketOptionName(int level, int name) {
        if (level == SOL_PACKET) {
            return "SOL_PACKET, " + switch (name) {
                case PACKET_ADD_MEMBERSHIP -> "PACKET_ADD_MEMBERSHIP";
                case PACKET_DROP_MEMBERSHIP -> "PACKET_DROP_MEMBERSHIP";
                case PACKET_RX_RING -> "PACKET_RX_RING";
                case PACKET_STATISTICS -> "PACKET_STATISTICS";
                case PACKET_VERSION -> "PACKET_VERSION";
                case PACKET_RESERVE -> "PACKET_RESERVE";
                case PACKET_FANOUT -> "PACKET_FANOUT";
                default -> Integer.toString(name);
            };
        }
        if (level == SOL_SOCKET) {
            return "SOL_SOCKET, " + switch (name) {
                case SO_ATTACH_FILTER -> "SO_ATTACH_FILTER";
                case SO_DETACH_FILTER -> "SO_DETACH_FILTER";
                case SO_LOCK_FILTER -> "SO_LOCK_FILTER";
                default -> Integer.toString(name);
            };
        }
        return level + ", " + name;
    }
}
