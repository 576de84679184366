package io.netzer.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netzer.testing.LiveNetwork;
import io.netzer.testing.NetzerMain;
import io.netzer.testing.TestNetwork;
import io.netzer.testing.Tools;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code -U -w -} piped into {@code tcpdump -r -}: each packet reaches tcpdump within the ring's block timeout
 * (100 ms) plus scheduling, not when a megabyte of output has gathered or the capture ends.
 */
@ExtendWith(LiveNetwork.class)
class PacketBufferedTest {
    private static final long WITHIN_MILLIS = 3_000;

    @Test
    void shouldHandEachPacketToTheReaderAtOnce(TestNetwork network) throws Exception {
        Tools.require("tcpdump");
        String netzer = String.join(" ", Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-cp", "'" + System.getProperty("java.class.path") + "'",
                NetzerMain.class.getName(), "-i", network.hostInterface(), "-U", "-w", "-", "icmp");
        Process pipeline = new ProcessBuilder("bash", "-c",
                netzer + " 2>/dev/null | tcpdump -nn -l -r - 2>/dev/null").start();
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Thread reader = Thread.ofVirtual().start(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(pipeline.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    lines.add(line);
                }
            } catch (IOException e) {
                lines.add("read failed: " + e.getMessage());
            }
        });
        try {
            // The first pings may go before the capture listens: ping until one line arrives.
            String first = null;
            for (int i = 0; i < 30 && first == null; i++) {
                network.inNamespace("ping", "-c", "1", network.hostAddress());
                first = lines.poll(1, TimeUnit.SECONDS);
            }
            assertTrue(first != null && first.contains("ICMP echo"), "no packet reached tcpdump: " + first);
            for (int i = 0; i < 3; i++) {
                lines.clear();
                network.inNamespace("ping", "-c", "1", network.hostAddress());
                String line = lines.poll(WITHIN_MILLIS, TimeUnit.MILLISECONDS);
                assertTrue(line != null && line.contains("ICMP echo"), "ping " + i + ": " + line);
            }
        } finally {
            pipeline.descendants().forEach(ProcessHandle::destroy);
            pipeline.destroy();
            pipeline.waitFor(10, TimeUnit.SECONDS);
            reader.join(TimeUnit.SECONDS.toMillis(10));
        }
    }
}
