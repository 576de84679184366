package io.netzer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netzer.testing.NetzerCli;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The hidden {@code --inspect-buffers}: the size of each worker's pool of stream buffers, at least 1. */
class InspectBuffersOptionTest {
    @TempDir
    Path dir;

    @Test
    void shouldRejectAPoolWithoutBuffersAsBadUsage() throws IOException {
        Path file = Files.write(dir.resolve("one.pcap"), BadInputTest.pcap(BadInputTest.udpFrame(1)));
        NetzerCli.Result run = NetzerCli.run("-r", file.toString(), "--events", "tls", "--json",
                "--inspect-buffers", "0");
        assertEquals(2, run.exitCode());
        assertTrue(run.stderr().contains("netzer: --inspect-buffers: expected at least 1 buffer, got 0\n"),
                run.stderr());
    }

    @Test
    void shouldRunWithAPoolOfOneBuffer() throws IOException {
        Path file = Files.write(dir.resolve("one.pcap"), BadInputTest.pcap(BadInputTest.udpFrame(1)));
        NetzerCli.Result run = NetzerCli.run("-r", file.toString(), "--events", "tls", "--json",
                "--inspect-buffers", "1");
        assertEquals(0, run.exitCode(), run.stderr());
    }
}
