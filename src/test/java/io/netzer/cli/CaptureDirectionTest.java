package io.netzer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netzer.testing.LiveNetwork;
import io.netzer.testing.NetzerMain;
import io.netzer.testing.TestNetwork;
import io.netzer.testing.Tools;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code -Q in} and {@code -Q out} on the host end of a veth pair, beside tcpdump with the same option, while the
 * namespace pings the host: both keep only the echo requests (received) with {@code in}, only the echo replies
 * (sent) with {@code out}.
 */
@ExtendWith(LiveNetwork.class)
class CaptureDirectionTest {
    private static final int PACKETS = 3;

    @TempDir
    Path dir;

    @Test
    void shouldSplitTrafficByDirectionAsTcpdumpDoes(TestNetwork network) throws Exception {
        Tools.require("tcpdump");
        List<Process> captures = new ArrayList<>();
        List<Path> outputs = new ArrayList<>();
        for (String direction : List.of("in", "out")) {
            Path ours = dir.resolve("netzer-" + direction);
            Path theirs = dir.resolve("tcpdump-" + direction);
            List<String> netzer = NetzerMain.command("-i", network.hostInterface(), "-Q", direction, "-c",
                    "" + PACKETS, "icmp");
            captures.add(new ProcessBuilder(netzer)
                    .redirectOutput(ours.toFile()).redirectError(dir.resolve(direction + ".err").toFile())
                    .start());
            captures.add(new ProcessBuilder("tcpdump", "-nn", "-i", network.hostInterface(), "-Q", direction,
                    "-c", "" + PACKETS, "icmp").redirectOutput(theirs.toFile())
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start());
            outputs.add(ours);
            outputs.add(theirs);
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (captures.stream().anyMatch(Process::isAlive) && System.nanoTime() < deadline) {
            network.inNamespace("ping", "-c", "2", "-i", "0.2", network.hostAddress());
        }
        for (Process capture : captures) {
            assertTrue(capture.waitFor(5, TimeUnit.SECONDS), "a capture did not stop after -c " + PACKETS);
        }
        for (int i = 0; i < outputs.size(); i++) {
            String expected = i < 2 ? "echo request" : "echo reply";
            String other = i < 2 ? "echo reply" : "echo request";
            List<String> lines = Files.readAllLines(outputs.get(i));
            assertEquals(PACKETS, lines.size(), outputs.get(i) + ": " + lines);
            assertTrue(lines.stream().allMatch(l -> l.contains(expected) && !l.contains(other)),
                    outputs.get(i) + ": " + lines);
        }
    }
}
