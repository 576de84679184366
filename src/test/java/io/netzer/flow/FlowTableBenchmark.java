package io.netzer.flow;

import io.netzer.dissect.Dissector;
import io.netzer.dissect.Packet;
import io.netzer.testing.FlowFrames;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Nanoseconds to find the flow of a dissected packet in a table holding {@code flows} flows, the packets taken in
 * turn from every flow (so the probes miss the caches as a busy link's would), half of them from the responder.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class FlowTableBenchmark {
    @Param({"1024", "65536"})
    public int flows;

    private FlowTable table;
    private Dissector[] dissected;
    private int next;

    @Setup
    public void setUp() {
        table = new FlowTable(FlowConfig.defaults().withMaxFlows(flows));
        dissected = new Dissector[flows];
        for (int i = 0; i < flows; i++) {
            FlowFrames.Endpoints flow = FlowFrames.Endpoints.ipv4(0x0a000000 + i, 1024 + i % 60000, 0x0b000001, 443);
            Packet packet = new Packet();
            Dissector dissector = new Dissector();
            FlowFrames.dissect(FlowFrames.tcp(flow, true, 1, 0, FlowFrames.SYN, new byte[0]), 1, packet, dissector);
            if (table.lookup(dissector) != FlowTable.NOT_FOUND) {
                throw new IllegalStateException("flow " + i + " twice");
            }
            table.create(packet, dissector);
            Packet reply = new Packet();
            dissected[i] = new Dissector();
            FlowFrames.dissect(FlowFrames.tcp(flow, i % 2 == 0, 1, 1, FlowFrames.ACK, new byte[0]), 2, reply,
                    dissected[i]);
        }
    }

    @Benchmark
    public int lookup() {
        int found = table.lookup(dissected[next]);
        next = next + 1 == flows ? 0 : next + 1;
        return found;
    }
}
