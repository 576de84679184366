package io.netzer.app;

import java.lang.foreign.MemorySegment;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/** Nanoseconds to parse a TLS record holding a ClientHello with SNI, ALPN and supported versions. */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ClientHelloParserBenchmark {
    private final ClientHelloParser parser = new ClientHelloParser();
    private final ClientHello hello = new ClientHello();
    private MemorySegment record;

    @Setup
    public void setUp() {
        byte[] bytes = new HelloBuilder().serverName("www.example.com").alpn("h2", "http/1.1")
                .supportedVersions(0x0304, 0x0303).record();
        record = MemorySegment.ofArray(bytes);
        if (parser.parse(record, 0, bytes.length, hello) != ParseStatus.COMPLETE) {
            throw new IllegalStateException("the benchmark's ClientHello does not parse");
        }
    }

    @Benchmark
    public int parse() {
        return parser.parse(record, 0, (int) record.byteSize(), hello);
    }
}
