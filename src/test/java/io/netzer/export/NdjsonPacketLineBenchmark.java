package io.netzer.export;

import io.netzer.dissect.Dissector;
import io.netzer.dissect.Packet;
import io.netzer.testing.FlowFrames;
import java.io.IOException;
import java.io.OutputStream;
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
 * Nanoseconds to encode one NDJSON packet line of a dissected TCP packet (IPv4 or IPv6) into the worker's buffer,
 * with its share of the block writes into a shared output (which counts the lines) at the null device.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class NdjsonPacketLineBenchmark {
    private static final FlowFrames.Endpoints V4 = FlowFrames.Endpoints.ipv4(0x0a000001, 40000, 0x0a000002, 443);

    @Param({"tcp4", "tcp6"})
    public String kind;

    /**
     * The capture interface's index: 0, or one past {@link LineOutput}'s table of names, as a live capture's veth
     * has on a host that made many (whose name was escaped again for every line until the last one was kept).
     */
    @Param({"0", "1642"})
    public int interfaceIndex;

    private final Packet packet = new Packet();
    private final Dissector dissector = new Dissector();
    private NdjsonPacketSink sink;
    private long nanos = 1_700_000_000_000_000_000L;

    @Setup
    public void setUp() {
        FlowFrames.Endpoints endpoints = kind.equals("tcp6") ? V4.ipv6() : V4;
        byte[] frame = FlowFrames.tcp(endpoints, true, 3_000_000_000L, 5000, FlowFrames.ACK | FlowFrames.PSH,
                new byte[100]);
        FlowFrames.dissect(frame, nanos, packet, dissector);
        LineOutput lines = new LineOutput(new SharedOutput(OutputStream.nullOutputStream(), false), "bench-host",
                index -> "eth0", false, null);
        sink = new NdjsonPacketSink(lines);
    }

    @Benchmark
    public void packetLine() throws IOException {
        nanos += 1_234;   // a new timestamp each time, a new second now and then, as on the wire
        packet.wrap(packet.segment(), packet.offset(), packet.capturedLength(), (int) packet.wireLength(), nanos,
                packet.linkType(), interfaceIndex, packet.sequence() + 1);
        sink.accept(packet, dissector);
    }
}
