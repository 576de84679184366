package io.netzer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netzer.testing.Corpus;
import io.netzer.testing.NetzerCli;
import io.netzer.testing.Tools;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code -w} with {@code --rotate-size} and {@code --rotate-seconds}: tcpdump's file names, each file within its
 * limit, and the files together holding every packet of the input, in order (tcpdump reads them back).
 */
class RotationTest {
    private static final String INPUT = "pcpp-many-protocols.pcap";

    @TempDir
    Path dir;

    @Test
    void shouldRotateBySizeWithNumberedNames() throws Exception {
        Tools.require("tcpdump");
        Path input = Corpus.pcaps().resolve(INPUT);
        NetzerCli.Result run = NetzerCli.run("-r", input.toString(), "-w", dir.resolve("out.pcap").toString(),
                "--rotate-size", "512k");
        assertEquals(0, run.exitCode(), run.stderr());
        List<Path> files = new ArrayList<>();
        files.add(dir.resolve("out.pcap"));
        for (int i = 1; Files.exists(dir.resolve("out.pcap" + i)); i++) {
            files.add(dir.resolve("out.pcap" + i));
        }
        assertEquals(fileCount(), files.size(), "every file is named out.pcap, out.pcap1, out.pcap2, ...");
        assertTrue(files.size() >= 5, "a 2.9 MB capture in 512 KiB files: " + files);
        for (Path file : files) {
            assertTrue(Files.size(file) <= 512 * 1024, file + " is " + Files.size(file) + " bytes");
        }
        assertEquals(tcpdump(input), tcpdumpAll(files));
    }

    @Test
    void shouldRotateByPacketTimeWithStrftimeNames() throws Exception {
        Tools.require("tcpdump");
        Path input = Corpus.pcaps().resolve(INPUT);
        NetzerCli.Result run = NetzerCli.run("-r", input.toString(), "-w",
                dir.resolve("cap-%Y%m%d-%H%M%S.pcap").toString(), "--rotate-seconds", "60");
        assertEquals(0, run.exitCode(), run.stderr());
        List<Path> files;
        try (Stream<Path> listing = Files.list(dir)) {
            files = listing.sorted(Comparator.comparing(Path::toString)).toList();
        }
        assertTrue(files.size() > 1, "the capture spans several minutes: " + files);
        for (Path file : files) {
            assertTrue(file.getFileName().toString().matches("cap-\\d{8}-\\d{4}00\\.pcap"), file.toString());
        }
        assertEquals(tcpdump(input), tcpdumpAll(files));
    }

    /**
     * tcpdump's {@code -G} with {@code -W N} and no {@code -C}: N files named by the pattern alone (no count), then
     * the capture ends with status 0 and "Maximum file limit reached: N"; the files hold the input's first packets,
     * in order, and nothing after the interval that would have begun the next file.
     */
    @Test
    void shouldStopAfterWFilesRotatedByTime() throws Exception {
        Tools.require("tcpdump");
        Path input = Corpus.pcaps().resolve(INPUT);
        NetzerCli.Result run = NetzerCli.run("-r", input.toString(), "-w",
                dir.resolve("cap-%H%M%S.pcap").toString(), "-G", "60", "-W", "2");
        assertEquals(0, run.exitCode(), run.stderr());
        assertTrue(run.stderr().contains("Maximum file limit reached: 2"), run.stderr());
        List<Path> files;
        try (Stream<Path> listing = Files.list(dir)) {
            files = listing.sorted(Comparator.comparing(Path::toString)).toList();
        }
        assertEquals(2, files.size(), files.toString());
        for (Path file : files) {
            assertTrue(file.getFileName().toString().matches("cap-\\d{4}00\\.pcap"), file.toString());
        }
        String written = tcpdumpAll(files);
        String all = tcpdump(input);
        assertTrue(all.startsWith(written) && all.length() > written.length(),
                "the files hold the first packets only, and the input goes on past them");
        Matcher notWritten = Pattern.compile("(?m)^(\\d+) packets not written: file limit reached$")
                .matcher(run.stderr());
        assertTrue(notWritten.find(), "the packets handed over after the limit are counted: " + run.stderr());
        long past = Long.parseLong(notWritten.group(1));
        long held = 0;
        for (Path file : files) {
            held += packets(file);
        }
        assertTrue(past >= 1 && held + past <= packets(input),
                "at least the packet that would begin the third file, and none twice: " + past + " past the limit, "
                        + held + " in the files, " + packets(input) + " in the input");
    }

    @Test
    void shouldRefuseRotationWithoutAFile() {
        NetzerCli.Result run = NetzerCli.run("-r", "x.pcap", "--rotate-size", "1M");
        assertEquals(2, run.exitCode());
        assertTrue(run.stderr().contains("give -w FILE"), run.stderr());
    }

    private long fileCount() throws Exception {
        try (Stream<Path> listing = Files.list(dir)) {
            return listing.count();
        }
    }

    /** -S: absolute sequence numbers, since tcpdump numbers them from the first packet of a flow in each file. */
    private static String tcpdump(Path file) throws Exception {
        return Tools.run(List.of("tcpdump", "-tt", "-nn", "-S", "-x", "-r", file.toString())).stdout();
    }

    private static long packets(Path file) throws Exception {
        return Tools.run(List.of("tcpdump", "-nn", "-r", file.toString())).stdout().lines().count();
    }

    private static String tcpdumpAll(List<Path> files) throws Exception {
        StringBuilder all = new StringBuilder();
        for (Path file : files) {
            all.append(tcpdump(file));
        }
        return all.toString();
    }
}
