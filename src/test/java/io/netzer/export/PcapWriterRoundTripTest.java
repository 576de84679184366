package io.netzer.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netzer.capture.CaptureFiles;
import io.netzer.capture.PacketBatch;
import io.netzer.capture.PacketSource;
import io.netzer.dissect.Packet;
import io.netzer.testing.Corpus;
import io.netzer.testing.Tools;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Reading each corpus file with our sources and writing it with {@link PcapWriter} gives a file that tcpdump prints
 * exactly as it prints the original ({@code tcpdump -tt -nn -x}, with {@code --nano} for nanosecond sources).
 *
 * <p>Files with several link types (pcapng with Ethernet and SLL or NULL interfaces): tcpdump stops at the first
 * interface of another type, and our writer keeps the first interface's type and skips the other packets. There,
 * what tcpdump printed of the original before it stopped must begin what it prints of our file, and the skipped
 * count must equal the packets of the other link types.
 */
class PcapWriterRoundTripTest {

    @TestFactory
    Stream<DynamicTest> shouldWriteFilesThatTcpdumpPrintsLikeTheOriginals() throws IOException {
        List<Path> files = Corpus.files();
        Tools.require("tcpdump");
        return files.stream().filter(file -> !Corpus.INVALID.contains(file.getFileName().toString()))
                .map(file -> DynamicTest.dynamicTest(file.getFileName().toString(), () -> roundTrip(file)));
    }

    private static void roundTrip(Path original) throws Exception {
        Path copy = Files.createTempFile("netzer-roundtrip", ".pcap");
        try {
            boolean nanosecond;
            long otherLinkTypes = 0;
            long skipped;
            try (PacketSource source = CaptureFiles.open(original);
                    PcapWriter writer = PcapWriter.open(copy, source.linkType(), source.snapshotLength(),
                            source.nanosecondTimestamps())) {
                nanosecond = source.nanosecondTimestamps();
                PacketBatch batch = new PacketBatch();
                Packet packet = new Packet();
                while (source.nextBatch(batch)) {
                    for (int i = 0; i < batch.count(); i++) {
                        writer.write(batch.packet(i, packet));
                        otherLinkTypes += packet.linkType() == source.linkType() ? 0 : 1;
                    }
                }
                skipped = writer.packetsSkipped();
            }
            Tools.Result expected = tcpdump(original, nanosecond);
            Tools.Result actual = tcpdump(copy, nanosecond);

            assertEquals(0, actual.exitCode(), actual.stderr());
            assertEquals(otherLinkTypes, skipped, "packets of other link types skipped");
            if (otherLinkTypes == 0) {
                assertEquals(0, expected.exitCode(), expected.stderr());
                assertEquals(expected.stdout(), actual.stdout());
            } else {
                assertTrue(actual.stdout().startsWith(expected.stdout()),
                        "tcpdump's output of the original before it stopped begins that of the copy");
            }
        } finally {
            Files.deleteIfExists(copy);
        }
    }

    private static Tools.Result tcpdump(Path file, boolean nanosecond) throws Exception {
        List<String> command = new ArrayList<>(List.of("tcpdump", "-tt", "-nn", "-x", "-r", file.toString()));
        if (nanosecond) {
            command.add("--nano");
        }
        return Tools.run(command.toArray(String[]::new));
    }
}
