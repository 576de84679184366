package io.netzer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netzer.testing.Corpus;
import io.netzer.testing.DroppedThreads;
import io.netzer.testing.LiveNetwork;
import io.netzer.testing.NetzerCli;
import io.netzer.testing.NetzerMain;
import io.netzer.testing.TestNetwork;
import io.netzer.testing.Tools;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code netzer -i IFACE} end to end, in a child JVM (it drops root for good): pings sent from a test namespace
 * arrive as NDJSON events, the process runs as nobody, and SIGTERM flushes every output and prints tcpdump's
 * closing lines.
 */
@ExtendWith(LiveNetwork.class)
class LiveCaptureCliTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void shouldCapturePingsFromAnotherNamespaceAsNobodyAndFlushOnSigterm(TestNetwork network) throws Exception {
        dir.toFile().setWritable(true, false);
        Path events = dir.resolve("events.ndjson");
        Path stderr = dir.resolve("stderr.txt");
        Process netzer = child("-i", network.hostInterface(), "--json", "--output", events.toString(),
                "--cpu", "0,1").redirectError(stderr.toFile()).start();
        waitFor(() -> Files.readString(stderr).contains("listening on"), netzer, stderr);
        // seen from outside, in /proc: every thread runs as nobody with no capability, no_new_privs and the filter
        DroppedThreads.assertEveryThreadDropped(netzer.pid(), 65534, 1, 4);
        // --cpu 0,1 with one worker: the worker, which reads the ring itself, runs on the list's first CPU
        waitFor(() -> "0".equals(allowedCpus(netzer.pid(), "netzer-worker-0")), netzer, stderr);
        network.inNamespace("ping", "-c", "5", "-i", "0.2", network.hostAddress());
        Thread.sleep(300);
        netzer.destroy();
        assertTrue(netzer.waitFor(20, TimeUnit.SECONDS), "netzer did not stop on SIGTERM");
        String log = Files.readString(stderr);
        assertTrue(log.contains("running as nobody"), log);
        assertTrue(log.contains("packets captured"), log);
        List<JsonNode> requests = new ArrayList<>();
        for (String line : Files.readAllLines(events)) {
            JsonNode event = JSON.readTree(line);
            if (event.at("/netzer/icmp/type").asInt(-1) == 8) {
                requests.add(event);
            }
        }
        assertEquals(5, requests.size(), log);
        for (JsonNode request : requests) {
            assertEquals(network.peerAddress(), request.at("/source/ip").asText());
            assertEquals(network.hostInterface(), request.at("/observer/ingress/interface/name").asText());
        }
    }

    @Test
    void shouldWriteDnsAndFlowEventsLiveAsFromAFile(TestNetwork network) throws Exception {
        dir.toFile().setWritable(true, false);
        Path events = dir.resolve("events.ndjson");
        Path stderr = dir.resolve("stderr.txt");
        Process netzer = child("-i", network.hostInterface(), "--events", "dns,flow", "--json", "--output",
                events.toString(), "udp").redirectError(stderr.toFile()).start();
        waitFor(() -> Files.readString(stderr).contains("listening on"), netzer, stderr);
        // A DNS query for live.example, type A (header: id 0x1234, RD, one question), sent with bash's /dev/udp.
        String query = "\\x12\\x34\\x01\\x00\\x00\\x01\\x00\\x00\\x00\\x00\\x00\\x00"
                + "\\x04live\\x07example\\x00\\x00\\x01\\x00\\x01";
        network.inNamespace("bash", "-c", "printf '" + query + "' > /dev/udp/" + network.hostAddress() + "/53");
        Thread.sleep(500);
        netzer.destroy();
        assertTrue(netzer.waitFor(20, TimeUnit.SECONDS), "netzer did not stop on SIGTERM");
        String log = Files.readString(stderr);
        List<String> datasets = new ArrayList<>();
        for (String line : Files.readAllLines(events)) {
            JsonNode event = JSON.readTree(line);
            datasets.add(event.at("/event/dataset").asText());
            if (event.at("/event/dataset").asText().equals("netzer.dns")) {
                assertEquals("live.example", event.at("/dns/question/name").asText(), line);
                assertEquals(network.peerAddress(), event.at("/source/ip").asText(), line);
                assertEquals(network.hostInterface(), event.at("/observer/ingress/interface/name").asText());
            }
        }
        assertEquals(List.of("netzer.dns", "netzer.flow"), datasets, log);
    }

    @Test
    void shouldStopAfterTheCountLive(TestNetwork network) throws Exception {
        Path stderr = dir.resolve("stderr.txt");
        Path stdout = dir.resolve("stdout.txt");
        Process netzer = child("-i", network.hostInterface(), "-c", "3", "-q")
                .redirectError(stderr.toFile()).redirectOutput(stdout.toFile()).start();
        waitFor(() -> Files.readString(stderr).contains("listening on"), netzer, stderr);
        network.inNamespace("ping", "-c", "6", "-i", "0.2", network.hostAddress());
        assertTrue(netzer.waitFor(20, TimeUnit.SECONDS), "netzer did not stop after -c 3");
        assertEquals(0, netzer.exitValue(), Files.readString(stderr));
        assertEquals(3, Files.readAllLines(stdout).size(), Files.readString(stdout));
        assertTrue(Files.readString(stderr).contains("3 packets captured"), Files.readString(stderr));
    }

    @Test
    void shouldRotateFilesAfterDroppingRoot(TestNetwork network) throws Exception {
        Tools.require("tcpdump");
        Path files = directoryForNobody("rotated");
        Path stderr = dir.resolve("stderr.txt");
        Process netzer = listening(stderr, "-i", network.hostInterface(), "-w", files.resolve("live.pcap").toString(),
                "--rotate-size", "1k", "icmp");
        network.inNamespace("ping", "-c", "20", "-i", "0.05", "-s", "100", network.hostAddress());
        Thread.sleep(300);
        netzer.destroy();
        assertTrue(netzer.waitFor(20, TimeUnit.SECONDS), "netzer did not stop on SIGTERM");
        List<Path> written;
        try (Stream<Path> listing = Files.list(files)) {
            written = listing.sorted().toList();
        }
        assertTrue(written.size() > 3, "1 KiB files for 40 packets of 142 bytes: " + written);
        int packets = 0;
        for (Path file : written) {
            assertEquals("nobody", Files.getOwner(file).getName(), file + " created after the drop");
            packets += (int) Tools.run(List.of("tcpdump", "-nn", "-r", file.toString())).stdout().lines().count();
        }
        assertEquals(40, packets, Files.readString(stderr));
    }

    /**
     * {@code --workers 2 -w FILE} live: the two workers' writers share the file (the header once, whole buffers),
     * so tcpdump reads every datagram of 20 flows (each from a new source port: the fanout hash spreads them) in it.
     */
    @Test
    void shouldShareTheWriteFileBetweenTwoWorkersLive(TestNetwork network) throws Exception {
        Tools.require("tcpdump");
        dir.toFile().setWritable(true, false);
        Path file = dir.resolve("live.pcap");
        Path stderr = dir.resolve("stderr.txt");
        Process netzer = listening(stderr, "-i", network.hostInterface(), "--workers", "2", "-w", file.toString(),
                "udp port 9");
        for (int i = 0; i < 20; i++) {
            network.inNamespace("bash", "-c", "printf 'datagram %d' " + i + " > /dev/udp/" + network.hostAddress()
                    + "/9");
        }
        Thread.sleep(300);
        netzer.destroy();
        assertTrue(netzer.waitFor(20, TimeUnit.SECONDS), "netzer did not stop on SIGTERM");
        String log = Files.readString(stderr);
        assertTrue(log.contains("20 packets captured"), log);
        Tools.Result read = Tools.run("tcpdump", "-nn", "-r", file.toString());
        assertEquals(0, read.exitCode(), read.stderr());
        assertEquals(20, read.stdout().lines().filter(l -> l.contains(network.hostAddress() + ".9: UDP")).count(),
                read.stdout());
    }

    /**
     * {@code -G 1 -W 1} live: the packet that would begin a second file ends the capture, and every packet
     * captured is either in the one file or counted as not written (those after it in its batch, and those the
     * drain still reads from the ring).
     */
    @Test
    void shouldCountThePacketsPastTheFileLimitLive(TestNetwork network) throws Exception {
        Tools.require("tcpdump");
        Path files = directoryForNobody("limited");
        Path stderr = dir.resolve("stderr.txt");
        Process netzer = listening(stderr, "-i", network.hostInterface(), "-w",
                files.resolve("cap-%H%M%S.pcap").toString(), "-G", "1", "-W", "1", "icmp");
        network.inNamespace("ping", "-c", "30", "-i", "0.1", network.hostAddress());
        assertTrue(netzer.waitFor(20, TimeUnit.SECONDS), "netzer did not end at the file limit");
        String log = Files.readString(stderr);
        assertEquals(0, netzer.exitValue(), log);
        assertTrue(log.contains("Maximum file limit reached: 1"), log);
        List<Path> written;
        try (Stream<Path> listing = Files.list(files)) {
            written = listing.toList();
        }
        assertEquals(1, written.size(), written.toString());
        long inFile = Tools.run(List.of("tcpdump", "-nn", "-r", written.get(0).toString())).stdout().lines().count();
        Matcher captured = Pattern.compile("(?m)^(\\d+) packets captured$").matcher(log);
        Matcher notWritten = Pattern.compile("(?m)^(\\d+) packets not written: file limit reached$").matcher(log);
        assertTrue(captured.find() && notWritten.find(), log);
        assertTrue(inFile > 0, log);
        assertEquals(Long.parseLong(captured.group(1)), inFile + Long.parseLong(notWritten.group(1)), log);
    }

    @Test
    void shouldPutBackTheVlanTagTheKernelStripped(TestNetwork network) throws Exception {
        Tools.require("tcpreplay");
        Path tagged = Corpus.pcaps().resolve("pcpp-VlanPackets.pcap");
        List<String> fromFile = vlanIds(NetzerCli.run("-r", tagged.toString(), "--json", "vlan").stdoutText().lines()
                .toList());
        Path events = dir.resolve("events.ndjson");
        Path stderr = dir.resolve("stderr.txt");
        Process netzer = child("-i", network.hostInterface(), "--json", "--output", events.toString(), "vlan")
                .redirectError(stderr.toFile()).start();
        waitFor(() -> Files.readString(stderr).contains("listening on"), netzer, stderr);
        network.inNamespace("tcpreplay", "-q", "-i", network.peerInterface(), "--pps", "200", tagged.toString());
        Thread.sleep(300);
        netzer.destroy();
        assertTrue(netzer.waitFor(20, TimeUnit.SECONDS), "netzer did not stop on SIGTERM");
        // The receiving kernel moves the outer tag into metadata; NetZer puts it back, so the frames read
        // live as they read from the file that was replayed.
        assertEquals(fromFile, vlanIds(Files.readAllLines(events)), Files.readString(stderr));
    }

    private static List<String> vlanIds(List<String> ndjson) throws Exception {
        List<String> ids = new ArrayList<>();
        for (String line : ndjson) {
            JsonNode event = JSON.readTree(line);
            ids.add(event.at("/network/vlan/id").asText() + "/" + event.at("/network/inner/vlan/id").asText());
        }
        return ids;
    }

    @Test
    void shouldResumeAfterTheInterfaceGoesDownAndComesBack(TestNetwork network) throws Exception {
        Path events = dir.resolve("events.ndjson");
        Path stderr = dir.resolve("stderr.txt");
        Process netzer = child("-i", network.hostInterface(), "--json", "--output", events.toString(), "icmp")
                .redirectError(stderr.toFile()).start();
        waitFor(() -> Files.readString(stderr).contains("listening on"), netzer, stderr);
        network.inNamespace("ping", "-c", "3", "-i", "0.2", network.hostAddress());
        network.onHost("ip", "link", "set", network.hostInterface(), "down");
        Thread.sleep(500);
        network.onHost("ip", "link", "set", network.hostInterface(), "up");
        network.inNamespace("ping", "-c", "3", "-i", "0.2", "-w", "10", network.hostAddress());
        Thread.sleep(300);
        netzer.destroy();
        assertTrue(netzer.waitFor(20, TimeUnit.SECONDS), "netzer did not stop on SIGTERM");
        String log = Files.readString(stderr);
        assertTrue(log.contains("went down 1 time(s)"), log);
        long requests = Files.readAllLines(events).stream().filter(line -> line.contains("\"type\":8,")).count();
        assertEquals(6, requests, log);
    }

    @Test
    void shouldEndWithOneLineAndFlushedFilesWhenTheInterfaceIsRemoved(TestNetwork network) throws Exception {
        Tools.require("tcpdump");
        Path pcap = dir.resolve("until-removed.pcap");
        Path stderr = dir.resolve("stderr.txt");
        Process netzer = child("-i", network.hostInterface(), "-w", pcap.toString(), "icmp")
                .redirectError(stderr.toFile()).start();
        waitFor(() -> Files.readString(stderr).contains("listening on"), netzer, stderr);
        network.inNamespace("ping", "-c", "4", "-i", "0.2", network.hostAddress());
        Thread.sleep(200);
        network.onHost("ip", "link", "del", network.hostInterface());
        assertTrue(netzer.waitFor(20, TimeUnit.SECONDS), "netzer did not end when its interface was removed");
        String log = Files.readString(stderr);
        assertEquals(1, netzer.exitValue(), log);
        assertTrue(log.contains("netzer: capture on " + network.hostInterface()
                + " ended: the interface was removed"), log);
        assertTrue(log.contains("packets captured"), log);
        long packets = Tools.run(List.of("tcpdump", "-nn", "-r", pcap.toString())).stdout().lines().count();
        assertEquals(8, packets, log);
    }

    @Test
    void shouldRefuseARingLargerThanMemoryAndSuggestASmallerOne(TestNetwork network) throws Exception {
        Path stderr = dir.resolve("stderr.txt");
        Process netzer = child("-i", network.hostInterface(), "--ring-blocks", "100000", "--ring-block-size",
                "4M").redirectError(stderr.toFile()).start();
        assertTrue(netzer.waitFor(20, TimeUnit.SECONDS));
        String message = Files.readString(stderr).strip();
        assertEquals(1, netzer.exitValue(), message);
        assertTrue(message.startsWith("netzer: the ring of 100000 blocks of 4096 KiB (400000 MiB) does not fit"
                + " in memory: try fewer or smaller blocks, e.g. --ring-blocks 25000"), message);
    }

    @Test
    void shouldNameAMissingInterface() throws Exception {
        Path stderr = dir.resolve("stderr.txt");
        Process netzer = child("-i", "nzt-absent0").redirectError(stderr.toFile()).start();
        assertTrue(netzer.waitFor(20, TimeUnit.SECONDS));
        assertEquals(1, netzer.exitValue());
        String message = Files.readString(stderr).strip();
        assertTrue(message.startsWith("netzer: no such interface: nzt-absent0 (available: any, "), message);
        assertTrue(message.contains(" lo") && message.lines().count() == 1, message);
    }

    /** A directory the user NetZer drops to can create files in, as tcpdump -Z needs one. */
    private Path directoryForNobody(String name) throws Exception {
        Path files = Files.createDirectory(dir.resolve(name));
        Files.setPosixFilePermissions(files, PosixFilePermissions.fromString("rwxrwxrwx"));
        return files;
    }

    /** Starts {@code netzer args...} in a child JVM, its stderr to {@code stderr}, and waits until it listens. */
    private static Process listening(Path stderr, String... args) throws Exception {
        Process netzer = child(args).redirectError(stderr.toFile()).start();
        waitFor(() -> Files.readString(stderr).contains("listening on"), netzer, stderr);
        return netzer;
    }

    /** {@code netzer args...} in a child JVM (a live capture drops root for good). */
    static ProcessBuilder child(String... args) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "--enable-native-access=ALL-UNNAMED",
                "-Djava.util.logging.manager=org.jboss.logmanager.LogManager",
                "-cp", System.getProperty("java.class.path"), NetzerMain.class.getName()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command);
    }

    interface Condition {
        boolean holds() throws Exception;
    }

    /** The Cpus_allowed_list of the thread of {@code pid} named {@code name}, or null when there is none. */
    private static String allowedCpus(long pid, String name) throws Exception {
        try (Stream<Path> tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
            for (Path task : tasks.toList()) {
                if (Files.readString(task.resolve("comm")).strip().equals(name)) {
                    return Files.readAllLines(task.resolve("status")).stream()
                            .filter(l -> l.startsWith("Cpus_allowed_list:")).findFirst().orElseThrow()
                            .substring("Cpus_allowed_list:".length()).strip();
                }
            }
        }
        return null;
    }

    static void waitFor(Condition condition, Process process, Path log) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.holds()) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                process.destroyForcibly();
                throw new AssertionError("netzer did not start listening: " + Files.readString(log));
            }
            Thread.sleep(50);
        }
    }
}
