package io.netzer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netzer.testing.LiveNetwork;
import io.netzer.testing.TestNetwork;
import io.netzer.testing.Tools;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every packet the kernel put in the ring is written or counted as dropped, however the capture stops: by
 * SIGTERM, by SIGINT sent to a background job of a script (which the shell starts with SIGINT ignored), by SIGINT
 * delivered twice (as timeout(1) delivers it), and by the removal of the interface, each while trafgen sends as
 * fast as it can. The file then holds exactly the packets the closing lines call captured, and
 * {@code received by filter = captured + dropped by kernel}.
 */
@ExtendWith(LiveNetwork.class)
class LiveStopAccountingTest {
    private static final Pattern CAPTURED = Pattern.compile("(?m)^(\\d+) packets captured$");
    private static final Pattern RECEIVED = Pattern.compile("(?m)^(\\d+) packets received by filter$");
    private static final Pattern DROPPED = Pattern.compile("(?m)^(\\d+) packets dropped by kernel$");
    /** How long the generator runs before the stop: long enough for the ring to cycle several times. */
    private static final long FLOOD_MILLIS = 1500;

    @TempDir
    Path dir;

    @Test
    void shouldWriteOrCountEveryPacketWhenStoppedBySigterm(TestNetwork network) throws Exception {
        Path pcap = dir.resolve("term.pcap");
        Path stderr = dir.resolve("stderr.txt");
        Process netzer = capture(network, pcap).redirectError(stderr.toFile()).start();
        floodThenStop(network, netzer, stderr, netzer::destroy);
        assertEquals(0, netzer.exitValue(), Files.readString(stderr));
        assertExactAccounting(pcap, Files.readString(stderr));
    }

    @Test
    void shouldStopOnSigintAsABackgroundJobOfAScriptAndAccountForEveryPacket(TestNetwork network) throws Exception {
        Path pcap = dir.resolve("int.pcap");
        Path stderr = dir.resolve("stderr.txt");
        Path status = dir.resolve("status.txt");
        Path pid = dir.resolve("pid.txt");
        String java = String.join(" ", capture(network, pcap).command().stream()
                .map(LiveStopAccountingTest::quote).toList());
        // A non-interactive shell starts `&` jobs with SIGINT (and SIGQUIT) ignored, as POSIX asks.
        String script = java + " 2>" + quote(stderr.toString()) + " & echo $! > " + quote(pid.toString())
                + "; wait $!; echo $? > " + quote(status.toString());
        Process shell = new ProcessBuilder("bash", "-c", script).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        floodThenStop(network, shell, stderr, () -> Tools.run("kill", "-INT", Files.readString(pid).strip()));
        assertEquals("0", Files.readString(status).strip(), Files.readString(stderr));
        assertExactAccounting(pcap, Files.readString(stderr));
    }

    @Test
    void shouldStopOnceWhenTimeoutSignalsItAndItsProcessGroup(TestNetwork network) throws Exception {
        Tools.require("timeout");
        Path pcap = dir.resolve("timeout.pcap");
        Path stderr = dir.resolve("stderr.txt");
        // coreutils' timeout sends SIGINT to NetZer and then to its own process group, NetZer included: the
        // second signal arrives while the first stop drains and is the same request
        List<String> command = new ArrayList<>(List.of("timeout", "--preserve-status", "-s", "INT",
                "30"));
        command.addAll(capture(network, pcap).command());
        Process timeout = new ProcessBuilder(command).redirectError(stderr.toFile()).start();
        floodThenStop(network, timeout, stderr, () -> Tools.run("kill", "-s", "INT", "--", "-" + timeout.pid()));
        assertEquals(0, timeout.exitValue(), Files.readString(stderr));
        assertExactAccounting(pcap, Files.readString(stderr));
    }

    @Test
    void shouldWriteOrCountEveryPacketWhenTheInterfaceIsRemoved(TestNetwork network) throws Exception {
        Path pcap = dir.resolve("removed.pcap");
        Path stderr = dir.resolve("stderr.txt");
        Process netzer = capture(network, pcap).redirectError(stderr.toFile()).start();
        floodThenStop(network, netzer, stderr, () -> network.onHost("ip", "link", "del",
                network.hostInterface()));
        String log = Files.readString(stderr);
        assertEquals(1, netzer.exitValue(), log);
        assertTrue(log.contains("the interface was removed"), log);
        assertExactAccounting(pcap, log);
    }

    /** How a test stops the capture. */
    interface Stop {
        void run() throws Exception;
    }

    private static ProcessBuilder capture(TestNetwork network, Path pcap) {
        return LiveCaptureCliTest.child("-i", network.hostInterface(), "-w", pcap.toString(), "udp");
    }

    /**
     * Once NetZer listens (its stderr says so), floods the interface for {@link #FLOOD_MILLIS}, stops NetZer with
     * {@code stop} while the flood goes on, and waits for {@code running} to end.
     */
    private void floodThenStop(TestNetwork network, Process running, Path stderr, Stop stop) throws Exception {
        LiveCaptureCliTest.waitFor(() -> Files.exists(stderr) && Files.readString(stderr).contains("listening on"),
                running, stderr);
        Process generator = flood(network);
        try {
            Thread.sleep(FLOOD_MILLIS);
            stop.run();
            assertTrue(running.waitFor(30, TimeUnit.SECONDS), "netzer did not stop: " + Files.readString(stderr));
        } finally {
            stop(generator);
        }
    }

    /** The flood's tools, and a directory the user NetZer drops to can write the capture in. */
    @BeforeEach
    void requireFloodTools() {
        Tools.require("trafgen");
        Tools.require("tcpdump");
        dir.toFile().setWritable(true, false);
    }

    /** trafgen at its top rate from the peer: small UDP datagrams to the host end, broadcast at the link layer. */
    private Process flood(TestNetwork network) throws Exception {
        return network.startInNamespace("trafgen", "-i", config(network).toString(), "-o",
                network.peerInterface(), "-q", "-P", "1");
    }

    /** trafgen's sending processes are children of the one started (one per CPU); each stops on SIGTERM. */
    private static void stop(Process generator) throws InterruptedException {
        generator.descendants().forEach(ProcessHandle::destroy);
        generator.destroy();
        generator.waitFor();
    }

    private Path config(TestNetwork network) throws Exception {
        Path config = dir.resolve("udp.trafgen");
        Files.writeString(config, "{\n  eth(da=ff:ff:ff:ff:ff:ff, sa=02:00:00:00:00:02, type=0x0800),\n"
                + "  ipv4(saddr=" + network.peerAddress() + ", daddr=" + network.hostAddress() + ", proto=17),\n"
                + "  udp(sp=40000, dp=9),\n  fill(0x41, 64)\n}\n");
        return config;
    }

    private static void assertExactAccounting(Path pcap, String log) throws Exception {
        long captured = number(CAPTURED, log);
        long received = number(RECEIVED, log);
        long dropped = number(DROPPED, log);
        Tools.Result read = Tools.run(List.of("tcpdump", "-nn", "-q", "-r", pcap.toString()));
        assertEquals("", read.stderr().replaceAll("(?m)^reading from file .*\\n", ""), log);
        long inFile = read.stdout().lines().count();
        assertTrue(captured > 10_000, "a flood, not a trickle: " + log);
        assertEquals(captured, inFile, "the file holds what the closing lines call captured: " + log);
        assertEquals(received, captured + dropped, "received by filter = captured + dropped by kernel: " + log);
    }

    private static long number(Pattern pattern, String log) {
        Matcher matcher = pattern.matcher(log);
        assertTrue(matcher.find(), pattern + " in " + log);
        return Long.parseLong(matcher.group(1));
    }

    private static String quote(String word) {
        return "'" + word.replace("'", "'\\''") + "'";
    }
}
