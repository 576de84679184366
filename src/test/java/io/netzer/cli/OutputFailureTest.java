package io.netzer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.netzer.testing.Corpus;
import io.netzer.testing.LiveNetwork;
import io.netzer.testing.NetzerCli;
import io.netzer.testing.TestNetwork;
import io.netzer.testing.Tools;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Outputs that cannot be written. A full disk, on a 1 MiB tmpfs mounted for the test: the write that fails is
 * named with its file and the system's reason, every file is left readable to its end (whole pcap records, whole
 * NDJSON lines), the closing line counts what the files really hold (a file read has no kernel counters to print,
 * as with tcpdump), and the exit status is 1. A rotation directory that the user NetZer drops to cannot write: one
 * line that says so.
 */
@ExtendWith(LiveNetwork.class)
class OutputFailureTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern WRITTEN = Pattern.compile("(?m)^(\\d+) (packets|lines) written to .* before a"
            + " write failed$");

    @TempDir
    Path dir;
    private Path disk;

    @BeforeEach
    void mountSmallDisk() throws Exception {
        disk = Files.createDirectory(dir.resolve("small"));
        Tools.Result mount = Tools.run("mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", disk.toString());
        assertEquals(0, mount.exitCode(), mount.stderr());
    }

    @AfterEach
    void unmount() throws Exception {
        if (disk != null) {
            Tools.run("umount", disk.toString());
        }
    }

    @Test
    void shouldLeaveWholeRecordsAndCountThemWhenThePcapFileFillsTheDisk() throws Exception {
        Tools.require("tcpdump");
        Path pcap = disk.resolve("full.pcap");
        NetzerCli.Result run = NetzerCli.run("-r", big().toString(), "-w", pcap.toString());
        assertFailedWrite(run, pcap);
        assertEquals(number(WRITTEN, run.stderr()), tcpdumpCount(pcap), run.stderr());
    }

    @Test
    void shouldLeaveEveryRotatedFileReadableWhenTheDiskFills() throws Exception {
        Tools.require("tcpdump");
        Path pattern = disk.resolve("rotated.pcap");
        NetzerCli.Result run = NetzerCli.run("-r", big().toString(), "-w", pattern.toString(), "--rotate-size",
                "300k");
        List<Path> files;
        try (Stream<Path> listing = Files.list(disk)) {
            files = listing.sorted().toList();
        }
        assertTrue(files.size() > 1, files.toString());
        long packets = 0;
        for (Path file : files) {
            packets += tcpdumpCount(file);
        }
        assertEquals(1, run.exitCode(), run.stderr());
        assertTrue(run.stderr().contains("netzer: cannot write " + disk + "/rotated.pcap"), run.stderr());
        assertTrue(run.stderr().contains(": No space left on device"), run.stderr());
        assertEquals(number(WRITTEN, run.stderr()), packets, run.stderr());
    }

    @Test
    void shouldLeaveWholeNdjsonLinesAndCountThemWhenTheOutputFillsTheDisk() throws Exception {
        Path events = disk.resolve("events.ndjson");
        NetzerCli.Result run = NetzerCli.run("-r", big().toString(), "--json", "--output", events.toString());
        assertFailedWrite(run, events);
        List<String> lines = Files.readAllLines(events);
        for (String line : lines) {
            JSON.readTree(line);
        }
        byte[] bytes = Files.readAllBytes(events);
        assertEquals('\n', bytes[bytes.length - 1], "the file ends with a whole line");
        assertEquals(number(WRITTEN, run.stderr()), lines.size(), run.stderr());
    }

    @Test
    void shouldSayWhoMustBeAbleToWriteTheRotationDirectory(TestNetwork network) throws Exception {
        Path closed = Files.createDirectory(disk.resolve("root-only"));
        Files.setPosixFilePermissions(closed, PosixFilePermissions.fromString("rwx------"));
        dir.toFile().setExecutable(true, false);
        disk.toFile().setExecutable(true, false);
        Path stderr = dir.resolve("stderr.txt");
        Process netzer = LiveCaptureCliTest.child("-i", network.hostInterface(), "-w",
                closed.resolve("r.pcap").toString(), "--rotate-size", "1k", "icmp")
                .redirectError(stderr.toFile()).start();
        LiveCaptureCliTest.waitFor(() -> Files.readString(stderr).contains("listening on"), netzer, stderr);
        network.inNamespace("ping", "-c", "2", "-i", "0.2", network.hostAddress());
        assertTrue(netzer.waitFor(20, TimeUnit.SECONDS), "netzer did not end when it could not create a file");
        String log = Files.readString(stderr);
        assertEquals(1, netzer.exitValue(), log);
        List<String> errors = log.lines().filter(l -> l.startsWith("netzer: ")).toList();
        assertEquals(List.of("netzer: cannot create " + closed.resolve("r.pcap") + ": Permission denied (the"
                + " directory must be writable by user nobody)"), errors, log);
    }

    private static Path big() {
        return Corpus.pcaps().resolve("pcpp-many-protocols.pcap");
    }

    private static void assertFailedWrite(NetzerCli.Result run, Path file) {
        assertEquals(1, run.exitCode(), run.stderr());
        List<String> errors = run.stderr().lines().filter(l -> l.startsWith("netzer: ")).toList();
        assertEquals(List.of("netzer: cannot write " + file + ": No space left on device"), errors, run.stderr());
    }

    private static long tcpdumpCount(Path pcap) throws Exception {
        Tools.Result read = Tools.run("tcpdump", "-nn", "-q", "-tt", "-r", pcap.toString());
        assertEquals(0, read.exitCode(), pcap + ": " + read.stderr());
        assertEquals("", read.stderr().replaceAll("(?m)^reading from file .*\\n", ""), pcap + " read to its end");
        // a packet's summary may take more than one line: each starts with its timestamp
        return read.stdout().lines().filter(line -> line.matches("^\\d+\\.\\d+ .*")).count();
    }

    private static long number(Pattern pattern, String log) {
        Matcher matcher = pattern.matcher(log);
        assertTrue(matcher.find(), pattern + " in " + log);
        return Long.parseLong(matcher.group(1));
    }
}
