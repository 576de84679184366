package io.netzer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.netzer.testing.TestNetwork;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * The AOT cache's live training really captures: the datagrams it sends itself on {@code lo} reach the worker, the
 * whole count of them, for both outputs it trains (a run that took none would leave the live loop without profiles
 * and fail nothing else).
 */
class AotTrainingTest {
    private static final long PACKETS = 2_000;
    private final PrintStream discard = new PrintStream(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8);

    @Test
    void shouldCaptureItsOwnDatagramsAsPcap() {
        TestNetwork.requireRoot();
        assertEquals(PACKETS, AotTraining.live(discard, PACKETS, "-w", "/dev/null"));
    }

    @Test
    void shouldCaptureItsOwnDatagramsAsNdjson() {
        TestNetwork.requireRoot();
        assertEquals(PACKETS, AotTraining.live(discard, PACKETS, "--json"));
    }
}
