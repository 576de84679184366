package io.netzer.flow;

import io.netzer.dissect.Dissector;
import io.netzer.dissect.EtherTypes;
import io.netzer.dissect.Packet;
import io.netzer.dissect.TcpHeader;
import java.util.Arrays;

/**
 * One worker's flows: bidirectional keys ({@link FlowKey}: outer VLAN id, addresses, protocol, ports) found
 * through a {@link FlowIndex} (open addressing) in dense slots whose fields are primitive arrays. Nothing is allocated per packet; the arrays grow by doubling up to {@link FlowConfig#maxFlows()} slots.
 *
 * <p>Time is packet time: {@link #advance} never goes back. Each flow sits in the idle list of its timeout class
 * (TCP, TCP closing, UDP, other), ordered by last packet, and in the active list, ordered by last report; so the
 * flow due first is always at a list head and each check is O(1). The caller (the flow stage) drives the table:
 * {@link #lookup}, {@link #create}, {@link #update}, then pulls {@link #dueForEnd} and {@link #dueForUpdate}.
 *
 * <p>{@link #lookup} and {@link #create} answer with the flow's slot and the packet's direction in one {@code int}
 * ({@link #slot(int)}, {@link #direction(int)}): the answer is the caller's, not state left in the table.
 */
public final class FlowTable {
    /** {@link #lookup}: the packet has no flow (not IP); like {@link #NOT_FOUND}, below every found flow. */
    public static final int NOT_IP = -2;
    /** {@link #lookup}: no flow yet for the packet's key. */
    public static final int NOT_FOUND = -1;
    /** No flow: what {@link #dueForEnd}, {@link #dueForUpdate}, {@link #longestIdle} return when there is none. */
    public static final int NONE = SlotLists.NONE;

    private static final int INITIAL_CAPACITY = 4096;
    private static final int CLASS_TCP = 0;
    private static final int CLASS_CLOSING = 1;
    private static final int CLASS_UDP = 2;
    private static final int CLASS_OTHER = 3;
    private static final int TIMEOUT_CLASSES = 4;
    /** The list of free slots, beside the timeout classes. */
    private static final int FREE = TIMEOUT_CLASSES;

    // Bits of flags[slot]; the timeout class above CLASS_SHIFT.
    private static final int FIN_INITIATOR = 1;
    private static final int FIN_RESPONDER = 1 << 1;
    private static final int RST_SEEN = 1 << 2;
    private static final int RESPONDER_SEEN = 1 << 3;
    private static final int HELD = 1 << 4;
    private static final int CLASS_SHIFT = 8;
    private static final int CLASS_MASK = 0xff;

    private final int maxFlows;
    private final long[] timeouts = new long[TIMEOUT_CLASSES];
    private final long activeNanos;
    private final FlowKey key = new FlowKey();
    private final FlowView view = new FlowView(this);
    private final SlotLists idle = new SlotLists(TIMEOUT_CLASSES + 1);
    private final SlotLists active = new SlotLists(1);
    private final FlowIndex index = new FlowIndex();
    private final long[] ended = new long[EndReason.values().length];
    private final FlowTunnels tunnels = new FlowTunnels(0);
    /** Who keeps arrays by slot outside the table, told of each growth. */
    private SlotCapacity[] owners = new SlotCapacity[0];

    // Per slot: addresses (initiator high, low, responder high, low), initiator port << 16 | responder port, ...
    private long[] addresses;
    private int[] ports;
    private int[] keys;
    private int[] hashes;
    private int[] icmp;
    private long[] packets;
    private long[] bytes;
    private long[] start;
    private long[] end;
    private long[] reported;
    /** Per slot: the latest packet's own timestamp (which, unlike {@link #end}, may go back) and interface. */
    private long[] lastPacket;
    private int[] interfaces;
    private int[] flags;
    /** Per slot: the flow's Community ID once an event asked for it (events are rare; packets never ask). */
    private String[] communityIds;
    private int capacity;
    private int used;
    private int size;
    private long clock = Long.MIN_VALUE;
    private long created;
    private int peak;

    /** A table with the cap and timeouts of {@code config}; memory grows with the flows held, up to the cap. */
    public FlowTable(FlowConfig config) {
        maxFlows = config.maxFlows();
        timeouts[CLASS_TCP] = config.tcpIdleNanos();
        timeouts[CLASS_CLOSING] = config.tcpClosingNanos();
        timeouts[CLASS_UDP] = config.udpIdleNanos();
        timeouts[CLASS_OTHER] = config.otherIdleNanos();
        activeNanos = config.activeNanos();
        resize(Math.min(INITIAL_CAPACITY, maxFlows));
    }

    /**
     * Reads the flow key of a dissected packet and finds its flow.
     *
     * @return the flow found ({@link #slot(int)} and {@link #direction(int)}, which side sent the packet),
     *         {@link #NOT_FOUND}, or {@link #NOT_IP}
     */
    public int lookup(Dissector dissector) {
        if (!key.read(dissector)) {
            return NOT_IP;
        }
        int forward = key.sourcePort << 16 | key.destinationPort;
        int backward = key.destinationPort << 16 | key.sourcePort;
        for (int i = index.home(key.hash); index.slotAt(i) != FlowIndex.NONE; i = index.after(i)) {
            int slot = index.slotAt(i);
            if (index.hashAt(i) != key.hash || keys[slot] != key.bits) {
                continue;
            }
            int a = slot * 4;
            if (ports[slot] == forward && addresses[a] == key.sourceHigh && addresses[a + 1] == key.sourceLow
                    && addresses[a + 2] == key.destinationHigh && addresses[a + 3] == key.destinationLow) {
                return found(slot, StreamListener.FROM_INITIATOR);
            }
            if (ports[slot] == backward && addresses[a] == key.destinationHigh
                    && addresses[a + 1] == key.destinationLow && addresses[a + 2] == key.sourceHigh
                    && addresses[a + 3] == key.sourceLow) {
                return found(slot, StreamListener.FROM_RESPONDER);
            }
        }
        return NOT_FOUND;
    }

    /** The slot of a flow that {@link #lookup} found or {@link #create} made. */
    public static int slot(int found) {
        return found >>> 1;
    }

    /**
     * The side ({@link StreamListener#FROM_INITIATOR} or FROM_RESPONDER) that sent the packet of a flow that
     * {@link #lookup} found or {@link #create} made.
     */
    public static int direction(int found) {
        return found & 1;
    }

    /** Slots stay below 2^29 (four longs of addresses each), so the shift keeps every answer positive. */
    private static int found(int slot, int direction) {
        return slot << 1 | direction;
    }

    /**
     * Registers an owner of per-slot arrays: it hears the capacity now, and each growth before a new slot is used.
     * Set-up only, before the first packet.
     */
    public void register(SlotCapacity owner) {
        owners = Arrays.copyOf(owners, owners.length + 1);
        owners[owners.length - 1] = owner;
        owner.capacityChanged(capacity);
    }

    /** Whether the table holds {@link FlowConfig#maxFlows()} flows: a new one needs an eviction first. */
    public boolean isFull() {
        return size == maxFlows;
    }

    /**
     * Creates the flow of the last {@link #lookup} (which returned {@link #NOT_FOUND}); the table must not be
     * full. The initiator is the packet's sender, except for a SYN-ACK, whose receiver sent the SYN.
     *
     * @return the new flow, as {@link #lookup} finds it ({@link #slot(int)}, {@link #direction(int)}); the packet
     *         is not counted yet (call {@link #update})
     */
    public int create(Packet packet, Dissector dissector) {
        int slot = allocate();
        boolean synAck = dissector.has(Dissector.TCP)
                && (dissector.tcp().flags() & (TcpHeader.SYN | TcpHeader.ACK)) == (TcpHeader.SYN | TcpHeader.ACK);
        int direction = synAck ? StreamListener.FROM_RESPONDER : StreamListener.FROM_INITIATOR;
        int a = slot * 4;
        addresses[a + 2 * direction] = key.sourceHigh;
        addresses[a + 2 * direction + 1] = key.sourceLow;
        addresses[a + 2 - 2 * direction] = key.destinationHigh;
        addresses[a + 3 - 2 * direction] = key.destinationLow;
        ports[slot] = synAck ? key.destinationPort << 16 | key.sourcePort : key.sourcePort << 16 | key.destinationPort;
        keys[slot] = key.bits;
        hashes[slot] = key.hash;
        icmp[slot] = key.icmpTypeCode;
        tunnels.firstPacket(dissector, slot, direction == StreamListener.FROM_INITIATOR);
        Arrays.fill(packets, 2 * slot, 2 * slot + 2, 0);
        Arrays.fill(bytes, 2 * slot, 2 * slot + 2, 0);
        long now = advance(packet.timestampNanos());
        start[slot] = now;
        end[slot] = now;
        reported[slot] = now;
        int protocol = FlowKey.protocol(key.bits);
        int timeoutClass = protocol == EtherTypes.PROTO_TCP ? CLASS_TCP
                : protocol == EtherTypes.PROTO_UDP ? CLASS_UDP : CLASS_OTHER;
        flags[slot] = HELD | timeoutClass << CLASS_SHIFT;
        communityIds[slot] = null;
        idle.append(timeoutClass, slot);
        active.append(0, slot);
        index.insert(slot, key.hash);
        size++;
        peak = Math.max(peak, size);
        created++;
        return found(slot, direction);
    }

    /** Counts a packet of {@code slot} sent by {@code side}, notes its TCP flags, and moves time forward. */
    public void update(int slot, int side, Packet packet, Dissector dissector) {
        long now = advance(packet.timestampNanos());
        packets[2 * slot + side]++;
        bytes[2 * slot + side] += packet.wireLength();
        end[slot] = now;
        lastPacket[slot] = packet.timestampNanos();
        interfaces[slot] = packet.interfaceIndex();
        int state = flags[slot];
        int oldClass = state >>> CLASS_SHIFT & CLASS_MASK;
        if (side == StreamListener.FROM_RESPONDER) {
            state |= RESPONDER_SEEN;
        }
        int newClass = oldClass;
        if (dissector.has(Dissector.TCP)) {
            int tcpFlags = dissector.tcp().flags();
            if ((tcpFlags & TcpHeader.FIN) != 0) {
                state |= side == StreamListener.FROM_INITIATOR ? FIN_INITIATOR : FIN_RESPONDER;
            }
            if ((tcpFlags & TcpHeader.RST) != 0) {
                state |= RST_SEEN;
            }
            if ((state & (FIN_INITIATOR | FIN_RESPONDER | RST_SEEN)) != 0) {
                newClass = CLASS_CLOSING;
            }
        }
        flags[slot] = (state & ~(CLASS_MASK << CLASS_SHIFT)) | newClass << CLASS_SHIFT;
        if (newClass == oldClass) {
            idle.moveToTail(oldClass, slot);
        } else {
            idle.unlink(oldClass, slot);
            idle.append(newClass, slot);
        }
    }

    /**
     * Whether a TCP packet with {@code tcpFlags} opens a new connection on the ports of flow {@code slot}: a SYN
     * without ACK after a FIN or RST. The old flow must end first.
     */
    public boolean isReopenedBy(int slot, int tcpFlags) {
        return (tcpFlags & (TcpHeader.SYN | TcpHeader.ACK)) == TcpHeader.SYN && timeoutClass(slot) == CLASS_CLOSING;
    }

    /** Whether {@code slot} has been idle for its timeout or longer at packet time {@code now}. */
    public boolean isIdle(int slot, long now) {
        return now - end[slot] >= timeouts[timeoutClass(slot)];
    }

    /** Moves packet time to {@code nanos} unless that is earlier than the time already seen; returns the time. */
    public long advance(long nanos) {
        if (nanos > clock) {
            clock = nanos;
        }
        return clock;
    }

    /** The packet time: the latest time {@link #advance} was given ({@link Long#MIN_VALUE} before any). */
    public long clock() {
        return clock;
    }

    /** A flow whose idle timeout has passed at the current packet time, or {@link #NONE}. */
    public int dueForEnd() {
        for (int c = 0; c < TIMEOUT_CLASSES; c++) {
            int head = idle.head(c);
            if (head != NONE && clock - end[head] >= timeouts[c]) {
                return head;
            }
        }
        return NONE;
    }

    /** Why an idle flow ends: {@link EndReason#CLOSED} after a FIN or RST, else {@link EndReason#IDLE_TIMEOUT}. */
    public EndReason idleReason(int slot) {
        return timeoutClass(slot) == CLASS_CLOSING ? EndReason.CLOSED : EndReason.IDLE_TIMEOUT;
    }

    /**
     * A flow open for the active timeout since it started or was last reported, or {@link #NONE}. The flow is
     * marked as reported now, so the next call returns the next one.
     */
    public int dueForUpdate() {
        int head = active.head(0);
        if (head == NONE || clock - reported[head] < activeNanos) {
            return NONE;
        }
        reported[head] = clock;
        active.moveToTail(0, head);
        return head;
    }

    /** The flow idle the longest (oldest last packet of all classes), or {@link #NONE} when the table is empty. */
    public int longestIdle() {
        int oldest = NONE;
        for (int c = 0; c < TIMEOUT_CLASSES; c++) {
            int head = idle.head(c);
            if (head != NONE && (oldest == NONE || end[head] < end[oldest])) {
                oldest = head;
            }
        }
        return oldest;
    }

    /** Any flow, or {@link #NONE} when the table is empty (to end them all at the end of a capture). */
    public int anyFlow() {
        return active.head(0);
    }

    /** Removes flow {@code slot}, counting {@code reason}; the slot is free for a new flow afterwards. */
    public void remove(int slot, EndReason reason) {
        index.remove(slot, hashes[slot]);
        idle.unlink(timeoutClass(slot), slot);
        active.unlink(0, slot);
        idle.append(FREE, slot);
        flags[slot] &= ~HELD;
        size--;
        ended[reason.ordinal()]++;
    }

    /** The table's flyweight over {@code slot}, reporting {@code reason}, without reassembly's counts. */
    public FlowView view(int slot, EndReason reason) {
        return view.wrap(slot, reason, FlowView.NOT_REASSEMBLED);
    }

    /**
     * The table's flyweight over {@code slot}, reporting {@code reason} and the bytes TCP reassembly saw again.
     *
     * @param retransmittedBytes the flow's retransmitted bytes ({@link TcpReassembler#retransmittedBytes(int)})
     */
    public FlowView view(int slot, EndReason reason, long retransmittedBytes) {
        return view.wrap(slot, reason, retransmittedBytes);
    }

    /** Whether {@code slot} (below {@link #capacity()}) holds a flow now, for a scan of the table's slots. */
    public boolean holds(int slot) {
        return (flags[slot] & HELD) != 0;
    }

    /**
     * A view of its own, for a listener that reports on flows in progress ({@link FlowView#of}) while the flow
     * stage reports ends and updates through the table's view. Set-up only.
     */
    public FlowView newView() {
        return new FlowView(this);
    }

    /** Slots that exist now: every flow slot is below it; grows up to the flow cap. */
    public int capacity() {
        return capacity;
    }

    /** Flows held now. */
    public int size() {
        return size;
    }

    /** Most flows held at once. */
    public int peak() {
        return peak;
    }

    /** Flows created since the table was made. */
    public long created() {
        return created;
    }

    /** Flows ended for {@code reason} since the table was made ({@link EndReason#EVICTED}: evictions). */
    public long ended(EndReason reason) {
        return ended[reason.ordinal()];
    }

    int ipVersion(int slot) {
        return FlowKey.version(keys[slot]);
    }

    int protocol(int slot) {
        return FlowKey.protocol(keys[slot]);
    }

    int vlanId(int slot) {
        return FlowKey.vlanId(keys[slot]);
    }

    FlowTunnels tunnels() {
        return tunnels;
    }

    int port(int slot, int side) {
        return side == StreamListener.FROM_INITIATOR ? ports[slot] >>> 16 : ports[slot] & 0xffff;
    }

    int icmpType(int slot) {
        return icmp[slot] == FlowKey.NO_ICMP ? -1 : icmp[slot] >>> 8;
    }

    int icmpCode(int slot) {
        return icmp[slot] == FlowKey.NO_ICMP ? -1 : icmp[slot] & 0xff;
    }

    long packets(int slot, int side) {
        return packets[2 * slot + side];
    }

    long bytes(int slot, int side) {
        return bytes[2 * slot + side];
    }

    long startNanos(int slot) {
        return start[slot];
    }

    long endNanos(int slot) {
        return end[slot];
    }

    long lastPacketNanos(int slot) {
        return lastPacket[slot];
    }

    int interfaceIndex(int slot) {
        return interfaces[slot];
    }

    /** The Community ID cached for the flow in {@code slot}, or null before the first event asked for it. */
    String communityId(int slot) {
        return communityIds[slot];
    }

    void communityId(int slot, String id) {
        communityIds[slot] = id;
    }

    FlowState state(int slot) {
        int state = flags[slot];
        if ((state & RST_SEEN) != 0) {
            return FlowState.RESET;
        }
        int fins = state & (FIN_INITIATOR | FIN_RESPONDER);
        if (fins != 0) {
            return fins == (FIN_INITIATOR | FIN_RESPONDER) ? FlowState.CLOSED : FlowState.CLOSING;
        }
        return (state & RESPONDER_SEEN) != 0 ? FlowState.ESTABLISHED : FlowState.NEW;
    }

    int address(int slot, int side, byte[] to, int at) {
        long high = addresses[slot * 4 + 2 * side];
        long low = addresses[slot * 4 + 2 * side + 1];
        if (ipVersion(slot) == 4) {
            putBigEndian(low, Integer.BYTES, to, at);
            return Integer.BYTES;
        }
        putBigEndian(high, Long.BYTES, to, at);
        putBigEndian(low, Long.BYTES, to, at + Long.BYTES);
        return 2 * Long.BYTES;
    }

    private static void putBigEndian(long value, int length, byte[] to, int at) {
        for (int i = 0; i < length; i++) {
            to[at + i] = (byte) (value >>> (Byte.SIZE * (length - 1 - i)));
        }
    }

    private int timeoutClass(int slot) {
        return flags[slot] >>> CLASS_SHIFT & CLASS_MASK;
    }

    private int allocate() {
        int slot = idle.head(FREE);
        if (slot != NONE) {
            idle.unlink(FREE, slot);
            return slot;
        }
        if (used == capacity) {
            resize(Math.min(maxFlows, capacity * 2));
        }
        return used++;
    }

    private void resize(int slots) {
        capacity = slots;
        addresses = grow(addresses, slots * 4);
        ports = grow(ports, slots);
        keys = grow(keys, slots);
        hashes = grow(hashes, slots);
        icmp = grow(icmp, slots);
        packets = grow(packets, slots * 2);
        bytes = grow(bytes, slots * 2);
        start = grow(start, slots);
        end = grow(end, slots);
        reported = grow(reported, slots);
        lastPacket = grow(lastPacket, slots);
        interfaces = grow(interfaces, slots);
        flags = grow(flags, slots);
        communityIds = communityIds == null ? new String[slots] : Arrays.copyOf(communityIds, slots);
        tunnels.grow(slots);
        idle.grow(slots);
        active.grow(slots);
        index.resize(slots);
        for (SlotCapacity owner : owners) {
            owner.capacityChanged(slots);
        }
    }

    private static long[] grow(long[] array, int length) {
        return array == null ? new long[length] : Arrays.copyOf(array, length);
    }

    private static int[] grow(int[] array, int length) {
        return array == null ? new int[length] : Arrays.copyOf(array, length);
    }
}
