package io.netzer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.netzer.testing.Corpus;
import io.netzer.testing.LiveNetwork;
import io.netzer.testing.TestNetwork;
import io.netzer.testing.Tools;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged application through the {@code ./netzer} launcher, as users run it: stdout carries only the
 * output (no banner, no log line), exit statuses hold, and the command line opens no network port.
 */
class NetzerLauncherIT {
    private static final Path HOME = Path.of(System.getProperty("netzer.home", "."));
    private static final String LAUNCHER = HOME.resolve("netzer").toString();

    @TempDir
    Path dir;

    @Test
    void shouldWriteOnlyNdjsonToStdout() throws Exception {
        Path file = Corpus.pcaps().resolve("arkime-curl-enabled-tls13.pcap");
        Tools.Result run = Tools.run(List.of(LAUNCHER, "-r", file.toString(), "--json"));
        assertEquals(0, run.exitCode(), run.stderr());
        List<String> lines = run.stdout().lines().toList();
        assertEquals(35, lines.size());
        ObjectMapper json = new ObjectMapper();
        for (String line : lines) {
            assertEquals("netzer.packet", json.readTree(line).at("/event/dataset").asText(), line);
        }
        assertTrue(run.stderr().endsWith("link-type EN10MB (Ethernet), snapshot length 262144\n"), run.stderr());
    }

    @Test
    void shouldPrintVersionAndUsageStatus() throws Exception {
        Tools.Result version = Tools.run(List.of(LAUNCHER, "--version"));
        assertEquals(0, version.exitCode());
        assertTrue(version.stdout().startsWith("netzer 0."), version.stdout());
        Tools.Result usage = Tools.run(List.of(LAUNCHER, "--bogus"));
        assertEquals(2, usage.exitCode());
        assertEquals("", usage.stdout());
    }

    @Test
    @ExtendWith(LiveNetwork.class)
    void shouldOpenNoNetworkPortWhileCapturing(TestNetwork network) throws Exception {
        Path stderr = dir.resolve("stderr.txt");
        Process netzer = new ProcessBuilder(LAUNCHER, "-i", network.hostInterface(), "-q")
                .redirectError(stderr.toFile()).redirectOutput(dir.resolve("out.txt").toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!Files.readString(stderr).contains("listening on")) {
            assertTrue(netzer.isAlive() && System.nanoTime() < deadline, Files.readString(stderr));
            Thread.sleep(100);
        }
        Tools.Result sockets = Tools.run(List.of("ss", "-H", "-l", "-t", "-u", "-n", "-p"));
        netzer.destroy();
        assertTrue(netzer.waitFor(20, TimeUnit.SECONDS));
        assertFalse(sockets.stdout().contains("pid=" + netzer.pid() + ","), sockets.stdout());
    }
}
