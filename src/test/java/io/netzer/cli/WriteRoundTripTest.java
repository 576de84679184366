package io.netzer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.netzer.testing.Corpus;
import io.netzer.testing.NetzerCli;
import io.netzer.testing.Tools;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * {@code netzer -r IN -w OUT} keeps every packet as it was: {@code tcpdump -tt -nn -x -r} prints the same for
 * OUT as for IN (with nanoseconds where the input has them). Files with several link types are left to the
 * writer's own test: a pcap file holds one link type, and tcpdump itself stops reading those inputs.
 */
class WriteRoundTripTest {
    private static final List<String> SEVERAL_LINK_TYPES = List.of("pcpp-many_interfaces-1.pcapng",
            "pcpp-pcapng-example.pcapng");

    @TestFactory
    Stream<DynamicTest> shouldWriteWhatTcpdumpReadsAsTheInput() throws IOException {
        Tools.require("tcpdump");
        return Corpus.readableFiles().stream()
                .filter(f -> !SEVERAL_LINK_TYPES.contains(f.getFileName().toString()))
                .map(file -> DynamicTest.dynamicTest(file.getFileName().toString(), () -> roundTrip(file)));
    }

    private static void roundTrip(Path input) throws Exception {
        Path output = Files.createTempFile("netzer-roundtrip", ".pcap");
        try {
            NetzerCli.Result run = NetzerCli.run("-r", input.toString(), "-w", output.toString());
            assertEquals(0, run.exitCode(), run.stderr());
            assertEquals(tcpdump(input), tcpdump(output));
        } finally {
            Files.deleteIfExists(output);
        }
    }

    private static String tcpdump(Path file) throws Exception {
        Tools.Result result = Tools.run(List.of("tcpdump", "-tt", "-nn", "-x", "--time-stamp-precision=nano",
                "-r", file.toString()));
        return result.stdout();
    }
}
