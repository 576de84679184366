package io.netzer.export;

import io.netzer.dissect.Packet;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Nanoseconds to append one packet record to {@code -w}'s buffer from native memory, as a live capture's ring
 * block is, with its share of the buffer's writes to a channel that discards them: the record header and the copy of
 * the packet's bytes, the part of the live {@code -w} worker that is not the ring walk or {@code write(2)}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class PcapWriterBenchmark {
    private static final int LINKTYPE_ETHERNET = 1;

    @Param({"60", "1514"})
    public int length;

    private final Packet packet = new Packet();
    private Arena arena;
    private MemorySegment block;
    private PcapWriter writer;
    private long nanos = 1_700_000_000_000_000_000L;

    @Setup
    public void setUp() {
        arena = Arena.ofConfined();
        block = arena.allocate(1 << 16, 16);
        writer = new PcapWriter(new DiscardingChannel(), LINKTYPE_ETHERNET, 262_144, false, 1 << 20);
    }

    @TearDown
    public void tearDown() throws IOException {
        writer.close();
        arena.close();
    }

    @Benchmark
    public boolean record() throws IOException {
        nanos += 1_234;
        packet.wrap(block, 128, length, length, nanos, LINKTYPE_ETHERNET, 0, 1);
        return writer.write(packet);
    }

    /** Takes every byte it is given, as the page cache would, without a system call. */
    private static final class DiscardingChannel implements WritableByteChannel {
        @Override
        public int write(ByteBuffer source) {
            int length = source.remaining();
            source.position(source.limit());
            return length;
        }

        @Override
        public boolean isOpen() {
            return true;
        }

        @Override
        public void close() {
        }
    }
}
