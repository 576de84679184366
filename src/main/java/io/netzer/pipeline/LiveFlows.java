package io.netzer.pipeline;

import io.netzer.flow.EndReason;
import io.netzer.flow.FlowState;
import io.netzer.flow.FlowTable;
import io.netzer.flow.FlowView;
import io.netzer.flow.StreamListener;
import io.netzer.flow.TcpReassembler;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The largest flows one worker holds while they run, for the dashboard's top flows, which the flow events alone
 * tell of a flow only when it ends or at its active timeout (300 s): the backup filling the link now would be
 * invisible for five minutes. After each batch the worker examines at most {@link #SLOTS_PER_BATCH} slots of its
 * flow table, keeping the {@link #ROWS} flows with the most bytes seen in the pass (a flood of small flows cannot
 * displace a large one); when the pass has covered every slot it publishes them, and the next pass begins
 * {@link #PASS_NANOS} after the last one began. Batches come at least every 100 ms (the capture's poll timeout), so
 * a pass over the largest table ({@link io.netzer.flow.FlowConfig#maxFlows()}, a million slots) takes at most
 * eight batches: a running flow is published about a second after it starts, then every half second.
 *
 * <p>The worker copies the rows' fields into fixed arrays and publishes them under a sequence lock: it makes the
 * version odd, writes, then makes it even again (release), never waiting; a reader copies the arrays and keeps
 * the copy only if the version was even and unchanged around it (acquire, then a load fence), else tries again.
 * Nothing is allocated and nothing locked on the worker's side.
 */
public final class LiveFlows {
    /** Flows published per worker: the dashboard shows ten of all workers'. */
    public static final int ROWS = 16;
    /** Flow slots examined after one batch at most. */
    public static final int SLOTS_PER_BATCH = 131_072;
    /** How often a pass over the table begins. */
    public static final long PASS_NANOS = 500_000_000L;

    private static final int ADDRESS_BYTES = 16;
    private static final VarHandle VERSION;

    static {
        try {
            VERSION = MethodHandles.lookup().findVarHandle(LiveFlows.class, "version", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final FlowTable table;
    private final TcpReassembler reassembler;
    private final Rows pass = new Rows();
    private final Rows published = new Rows();
    private int cursor;
    private boolean scanning;
    private long passes;
    private long passStarted;
    private long smallest;
    private int smallestRow;
    /** Even while {@link #published} is stable, odd while the worker writes it. */
    private long version;

    /**
     * The live flows of {@code table}.
     *
     * @param reassembler the stage's reassembly, for the retransmitted bytes so far; null when none is done
     */
    LiveFlows(FlowTable table, TcpReassembler reassembler) {
        this.table = table;
        this.reassembler = reassembler;
    }

    /**
     * Worker, after a batch: examines the next slots of the pass, publishing at its end.
     *
     * @param nowNanos {@link System#nanoTime()}
     */
    void scan(long nowNanos) {
        if (!scanning) {
            if (passes > 0 && nowNanos - passStarted < PASS_NANOS) {
                return;
            }
            scanning = true;
            passStarted = nowNanos;
            cursor = 0;
            pass.count = 0;
        }
        int end = Math.min(table.capacity(), cursor + SLOTS_PER_BATCH);
        for (int slot = cursor; slot < end; slot++) {
            if (table.holds(slot)) {
                consider(slot);
            }
        }
        cursor = end;
        if (end == table.capacity()) {
            scanning = false;
            passes++;
            publish();
        }
    }

    /** Worker, at the end of the capture: no flow runs any more. */
    void clear() {
        scanning = false;
        pass.count = 0;
        publish();
    }

    private void consider(int slot) {
        FlowView flow = table.view(slot, EndReason.ACTIVE_TIMEOUT);
        long bytes = flow.bytes(StreamListener.FROM_INITIATOR) + flow.bytes(StreamListener.FROM_RESPONDER);
        int row;
        if (pass.count < ROWS) {
            row = pass.count++;
        } else if (bytes > smallest) {
            row = smallestRow;
        } else {
            return;
        }
        pass.set(row, flow, bytes, reassembler == null ? FlowView.NOT_REASSEMBLED
                : reassembler.retransmittedBytes(slot));
        if (pass.count == ROWS) {
            smallestRow = pass.smallest();
            smallest = pass.bytes[smallestRow];
        }
    }

    private void publish() {
        long v = version;
        VERSION.setOpaque(this, v + 1);
        VarHandle.storeStoreFence();
        published.copyFrom(pass);
        VERSION.setRelease(this, v + 2);
    }

    /** The flows of the last finished pass, most bytes first (any thread; allocates the copy). */
    public List<Flow> read() {
        Rows copy = new Rows();
        for (;;) {
            long v = (long) VERSION.getAcquire(this);
            if ((v & 1) == 0) {
                copy.copyFrom(published);
                VarHandle.loadLoadFence();
                if ((long) VERSION.getOpaque(this) == v) {
                    return copy.flows();
                }
            }
            Thread.onSpinWait();
        }
    }

    /**
     * One running flow as its worker last saw it; directions as in flow events (the source is the initiator).
     *
     * @param initiator          the initiator's address, 4 or 16 bytes, network order
     * @param initiatorPort      its TCP or UDP port, 0 for other protocols
     * @param responder          the responder's address, as long as the initiator's
     * @param responderPort      its TCP or UDP port, 0 for other protocols
     * @param protocol           the IP protocol number
     * @param vlan               the outer VLAN id, or -1
     * @param bytes              bytes on the wire so far, both directions
     * @param packets            packets so far, both directions
     * @param startNanos         first packet, nanoseconds since the epoch
     * @param endNanos           last packet so far
     * @param state              what the flow has shown so far
     * @param retransmittedBytes TCP bytes seen again so far; {@link FlowView#NOT_REASSEMBLED} when not reassembled
     */
    public record Flow(byte[] initiator, int initiatorPort, byte[] responder, int responderPort, int protocol,
            int vlan, long bytes, long packets, long startNanos, long endNanos, FlowState state,
            long retransmittedBytes) {
    }

    /** Rows of flows in parallel arrays: the pass's candidates, or the published copy. */
    private static final class Rows {
        private static final FlowState[] STATES = FlowState.values();

        final byte[] addresses = new byte[ROWS * 2 * ADDRESS_BYTES];
        final int[] addressLength = new int[ROWS];
        final int[] ports = new int[ROWS];
        final int[] protocol = new int[ROWS];
        final int[] vlan = new int[ROWS];
        final long[] bytes = new long[ROWS];
        final long[] packets = new long[ROWS];
        final long[] start = new long[ROWS];
        final long[] end = new long[ROWS];
        final long[] retransmitted = new long[ROWS];
        final int[] state = new int[ROWS];
        int count;

        void set(int row, FlowView flow, long flowBytes, long retransmittedBytes) {
            int at = row * 2 * ADDRESS_BYTES;
            addressLength[row] = flow.initiatorAddress(addresses, at);
            flow.responderAddress(addresses, at + ADDRESS_BYTES);
            ports[row] = flow.initiatorPort() << 16 | flow.responderPort();
            protocol[row] = flow.protocol();
            vlan[row] = flow.vlanId();
            bytes[row] = flowBytes;
            packets[row] = flow.packets(StreamListener.FROM_INITIATOR) + flow.packets(StreamListener.FROM_RESPONDER);
            start[row] = flow.startNanos();
            end[row] = flow.endNanos();
            retransmitted[row] = retransmittedBytes;
            state[row] = flow.state().ordinal();
        }

        int smallest() {
            int min = 0;
            for (int i = 1; i < count; i++) {
                if (bytes[i] < bytes[min]) {
                    min = i;
                }
            }
            return min;
        }

        void copyFrom(Rows from) {
            System.arraycopy(from.addresses, 0, addresses, 0, addresses.length);
            System.arraycopy(from.addressLength, 0, addressLength, 0, ROWS);
            System.arraycopy(from.ports, 0, ports, 0, ROWS);
            System.arraycopy(from.protocol, 0, protocol, 0, ROWS);
            System.arraycopy(from.vlan, 0, vlan, 0, ROWS);
            System.arraycopy(from.bytes, 0, bytes, 0, ROWS);
            System.arraycopy(from.packets, 0, packets, 0, ROWS);
            System.arraycopy(from.start, 0, start, 0, ROWS);
            System.arraycopy(from.end, 0, end, 0, ROWS);
            System.arraycopy(from.retransmitted, 0, retransmitted, 0, ROWS);
            System.arraycopy(from.state, 0, state, 0, ROWS);
            count = from.count;
        }

        /** The rows as records, most bytes first (the reader's copy, once it is known consistent). */
        List<Flow> flows() {
            List<Flow> flows = new ArrayList<>(count);
            for (int row = 0; row < count; row++) {
                int at = row * 2 * ADDRESS_BYTES;
                int length = addressLength[row] == 4 ? 4 : ADDRESS_BYTES;
                flows.add(new Flow(Arrays.copyOfRange(addresses, at, at + length), ports[row] >>> 16,
                        Arrays.copyOfRange(addresses, at + ADDRESS_BYTES, at + ADDRESS_BYTES + length),
                        ports[row] & 0xffff, protocol[row], vlan[row], bytes[row], packets[row], start[row], end[row],
                        STATES[state[row]], retransmitted[row]));
            }
            flows.sort((a, b) -> Long.compare(b.bytes(), a.bytes()));
            return List.copyOf(flows);
        }
    }
}
