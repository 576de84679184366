package io.netzer.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netzer.dissect.LinkType;
import io.netzer.dissect.Packet;
import io.netzer.testing.Corpus;
import io.netzer.testing.Tools;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every corpus file read by our sources gives, packet by packet, what tshark says: number, timestamp in
 * nanoseconds, captured length, wire length, interface and link type. The two invalid files are rejected.
 */
class CaptureFilesCorpusTest {

    @TestFactory
    Stream<DynamicTest> shouldReadEveryCorpusFileAsTsharkDoes() throws IOException {
        List<Path> files = Corpus.files();
        Tools.require("tshark");
        return files.stream().filter(file -> !Corpus.INVALID.contains(file.getFileName().toString()))
                .map(file -> DynamicTest.dynamicTest(file.getFileName().toString(), () -> compareWithTshark(file)));
    }

    @Test
    void shouldRejectTheFileWithPcapVersion1() {
        Path file = Corpus.pcaps().resolve("libpcap-pcap-invalid-version-1.pcap");

        CaptureFileException e = assertThrows(CaptureFileException.class, () -> CaptureFiles.open(file));

        assertEquals(file + ": byte offset 4: unsupported pcap version 1.4, expected 2.4", e.getMessage());
    }

    @Test
    void shouldRejectTheFileWithACorruptSectionHeader() {
        Path file = Corpus.pcaps().resolve("libpcap-shb-option-too-long.pcapng");

        CaptureFileException e = assertThrows(CaptureFileException.class, () -> CaptureFiles.open(file));

        // The block says 52 bytes; its trailer, at 48, holds "0000" (0x30303030).
        assertEquals(file + ": byte offset 48: section header block trailing total length 808464432 does not match"
                + " the leading total length 52", e.getMessage());
    }

    private static void compareWithTshark(Path file) throws Exception {
        Tools.Result tshark = Tools.run("tshark", "-r", file.toString(), "-T", "fields", "-e", "frame.number",
                "-e", "frame.time_epoch", "-e", "frame.cap_len", "-e", "frame.len", "-e", "frame.interface_id", "-e",
                "frame.encap_type");
        assertEquals(0, tshark.exitCode(), tshark.stderr());
        List<String> expected = new ArrayList<>();
        for (String line : tshark.stdout().lines().toList()) {
            String[] fields = line.split("\t", -1);
            expected.add(String.join(" ", fields[0], Long.toString(epochNanos(fields[1])), fields[2], fields[3],
                    fields[4].isEmpty() ? "0" : fields[4], fields[5]));
        }
        List<String> actual = new ArrayList<>();
        try (PacketSource source = CaptureFiles.open(file)) {
            PacketBatch batch = new PacketBatch(7);
            Packet packet = new Packet();
            while (source.nextBatch(batch)) {
                for (int i = 0; i < batch.count(); i++) {
                    batch.packet(i, packet);
                    actual.add(packet.sequence() + " " + packet.timestampNanos() + " " + packet.capturedLength() + " "
                            + packet.wireLength() + " " + packet.interfaceIndex() + " "
                            + wiretapEncapsulation(packet.linkType()));
                }
            }
            assertEquals(actual.size(), source.statistics().received());
        }
        assertEquals(expected.size(), actual.size(), "packets in " + file);
        for (int i = 0; i < expected.size(); i++) {
            assertEquals(expected.get(i), actual.get(i), "number time caplen len interface encapsulation");
        }
    }

    /** tshark's frame.time_epoch, seconds with nine decimals, as nanoseconds. */
    private static long epochNanos(String epoch) {
        int dot = epoch.indexOf('.');
        String fraction = (epoch.substring(dot + 1) + "000000000").substring(0, 9);
        return Long.parseLong(epoch.substring(0, dot)) * 1_000_000_000L + Long.parseLong(fraction);
    }

    /** tshark reports Wireshark's encapsulation numbers (wtap.h), not link types. */
    private static int wiretapEncapsulation(int linkType) {
        return switch (linkType) {
            case LinkType.ETHERNET -> 1;
            case LinkType.NULL -> 15;
            case LinkType.RAW, LinkType.RAW_BSD, LinkType.RAW_OPENBSD -> 7;
            case LinkType.LINUX_SLL -> 25;
            case LinkType.LINUX_SLL2 -> 210;
            default -> -linkType;
        };
    }

    @Test
    void shouldHaveFoundCorpusFiles() throws IOException {
        List<Path> files = Corpus.files();

        assertTrue(files.size() > Corpus.INVALID.size(), "corpus files: " + files.size());
    }
}
