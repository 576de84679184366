package io.netzer.dissect;

import io.netzer.testing.FlowFrames;
import java.lang.foreign.MemorySegment;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/** Nanoseconds to dissect one packet of each kind, link layer to transport, from a segment as a ring holds it. */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class DissectorBenchmark {
    private static final FlowFrames.Endpoints V4 = FlowFrames.Endpoints.ipv4(0x0a000001, 40000, 0x0a000002, 443);

    @Param({"tcp4", "tcp6", "udp4", "icmp4", "vlan-tcp4"})
    public String kind;

    private final Packet packet = new Packet();
    private final Dissector dissector = new Dissector();
    private MemorySegment frame;

    @Setup
    public void setUp() {
        byte[] payload = new byte[100];
        byte[] bytes = switch (kind) {
            case "tcp4" -> FlowFrames.tcp(V4, true, 1000, 5000, FlowFrames.ACK | FlowFrames.PSH, payload);
            case "tcp6" -> FlowFrames.tcp(V4.ipv6(), true, 1000, 5000, FlowFrames.ACK | FlowFrames.PSH, payload);
            case "udp4" -> FlowFrames.udp(V4, true, payload);
            case "icmp4" -> FlowFrames.icmpEcho(V4, true, 8);
            case "vlan-tcp4" -> FlowFrames.tcp(V4.withVlan(42), true, 1000, 5000, FlowFrames.ACK, payload);
            default -> throw new IllegalArgumentException(kind);
        };
        frame = MemorySegment.ofArray(bytes);
    }

    @Benchmark
    public int dissect() {
        int length = (int) frame.byteSize();
        packet.wrap(frame, 0, length, length, 1, LinkType.ETHERNET, 0, 1);
        dissector.dissect(packet);
        return dissector.payloadLength();
    }
}
