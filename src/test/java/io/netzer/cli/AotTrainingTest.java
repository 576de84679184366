package io.netzer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netzer.testing.TestNetwork;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The AOT cache's live training really captures: the datagrams it sends itself reach the worker, the whole count of
 * them, for both outputs it trains (a run that took none would leave the live loop without profiles and fail nothing
 * else). And it captures in a network namespace of its own: the machine's {@code lo}, where it captured before,
 * receives fewer packets during a run than the run took (this test's thread is in the machine's namespace, so
 * {@code /sys/class/net} shows the machine's interfaces).
 */
class AotTrainingTest {
    private static final long PACKETS = 2_000;
    private static final Path MACHINE_LO_RECEIVED = Path.of("/sys/class/net/lo/statistics/rx_packets");
    private final PrintStream discard = new PrintStream(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8);

    @Test
    void shouldCaptureItsOwnDatagramsAsPcap() throws IOException {
        shouldCaptureItsOwnDatagramsOffTheMachinesLo("-w", "/dev/null");
    }

    @Test
    void shouldCaptureItsOwnDatagramsAsNdjson() throws IOException {
        shouldCaptureItsOwnDatagramsOffTheMachinesLo("--json");
    }

    private void shouldCaptureItsOwnDatagramsOffTheMachinesLo(String... outputs) throws IOException {
        TestNetwork.requireRoot();
        long before = machineLoReceived();
        assertEquals(PACKETS, AotTraining.live(discard, PACKETS, outputs));
        long received = machineLoReceived() - before;
        assertTrue(received < PACKETS, "the machine's lo received " + received + " packets during the training's "
                + PACKETS + ": it captured there, not in a namespace of its own");
    }

    private static long machineLoReceived() throws IOException {
        return Long.parseLong(Files.readString(MACHINE_LO_RECEIVED).strip());
    }
}
