package io.netzer.flow;

import io.netzer.dissect.Dissector;
import io.netzer.dissect.LinkType;
import io.netzer.dissect.Packet;
import io.netzer.testing.FlowFrames;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Nanoseconds to reassemble one in-order segment of 1,400 bytes (the common case: delivered at once, nothing
 * held), every byte to a listener that reads it, as the inspector's would until it has what it parses.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class TcpReassemblerBenchmark {
    private static final FlowFrames.Endpoints FLOW = FlowFrames.Endpoints.ipv4(0x0a000001, 40000, 0x0a000002, 80);
    private static final int SEGMENT_BYTES = 1400;
    /** Ethernet (14) and IPv4 (20) headers, then the TCP sequence number at offset 4. */
    private static final int SEQUENCE_OFFSET = 14 + 20 + 4;
    private static final ValueLayout.OfInt SEQUENCE = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);

    private final Packet packet = new Packet();
    private final Dissector dissector = new Dissector();
    private TcpReassembler reassembler;
    private MemorySegment frame;
    private int sequence = 1000;

    /** Reads the first byte of each delivery, so the delivery is not optimised away. */
    static final class Reader implements StreamListener {
        Blackhole blackhole;

        @Override
        public void flowStarted(int flow) {
        }

        @Override
        public void packet(Packet packet, Dissector dissector, int flow, int direction) {
        }

        @Override
        public void streamData(int flow, int direction, MemorySegment data, long offset, int length,
                Packet packet) {
            blackhole.consume(data.get(ValueLayout.JAVA_BYTE, offset));
        }

        @Override
        public void streamGap(int flow, int direction, long bytes) {
        }

        @Override
        public void flowEnded(int flow) {
        }
    }

    private final Reader reader = new Reader();

    @Setup
    public void setUp(Blackhole blackhole) {
        reader.blackhole = blackhole;
        reassembler = new TcpReassembler(FlowConfig.defaults().withStreamDepth(Long.MAX_VALUE),
                new StreamListener[] {reader});
        reassembler.capacityChanged(1);
        reassembler.flowStarted(0);
        handshake(FlowFrames.tcp(FLOW, true, 999, 0, FlowFrames.SYN, new byte[0]), StreamListener.FROM_INITIATOR);
        handshake(FlowFrames.tcp(FLOW, false, 4999, 1000, FlowFrames.SYN | FlowFrames.ACK, new byte[0]),
                StreamListener.FROM_RESPONDER);
        frame = MemorySegment.ofArray(FlowFrames.tcp(FLOW, true, sequence, 5000, FlowFrames.ACK,
                new byte[SEGMENT_BYTES]));
    }

    private void handshake(byte[] bytes, int direction) {
        FlowFrames.dissect(bytes, 1, packet, dissector);
        reassembler.segment(0, direction, dissector.tcp(), packet, dissector.payloadOffset(),
                dissector.payloadLength());
    }

    @Benchmark
    public void inOrderSegment() {
        frame.set(SEQUENCE, SEQUENCE_OFFSET, sequence);
        sequence += SEGMENT_BYTES;
        int length = (int) frame.byteSize();
        packet.wrap(frame, 0, length, length, 2, LinkType.ETHERNET, 0, 1);
        dissector.dissect(packet);
        reassembler.segment(0, StreamListener.FROM_INITIATOR, dissector.tcp(), packet, dissector.payloadOffset(),
                dissector.payloadLength());
    }

    @TearDown
    public void tearDown() {
        reassembler.close();
    }
}
