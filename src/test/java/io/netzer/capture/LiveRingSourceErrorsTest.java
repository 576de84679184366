package io.netzer.capture;

import java.io.IOException;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Bad input to a live source: one clear line naming what is wrong (needs no root: it fails before the socket). */
class LiveRingSourceErrorsTest {

    @Test
    void shouldNameAMissingInterface() {
        IOException e = assertThrows(IOException.class, () -> LiveRingSource.open(LiveRingConfig.of("nzt0")));
        assertTrue(e.getMessage().startsWith("no such interface: nzt0 (available: any, "), e.getMessage());
    }

    @Test
    void shouldRejectBadRingGeometryWithWhatWasExpected() {
        LiveRingConfig config = LiveRingConfig.of("lo");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> config.withRing(1000, 8, 10));
        assertEquals("ring block size 1000 (expected a multiple of 4096)", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> config.withRing(4096, 1, 10));
        assertEquals("ring block count 1 (expected 2 or more)", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> config.withRing(4096, 8, 0));
        assertEquals("ring block timeout 0 ms (expected 1 or more)", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> config.withSnapshotLength(0));
        assertEquals("snapshot length 0 (expected 1 or more)", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> LiveRingConfig.of("an-interface-name-too-long"));
        assertEquals("interface name 'an-interface-name-too-long' (expected 1 to 15 characters)", e.getMessage());
    }

    @Test
    void shouldRejectMalformedFilterPrograms() throws IOException {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LivePacketSocket.program(java.lang.foreign.Arena.global(), new int[] {0x6, 0, 0}));
        assertEquals("BPF program of 3 numbers (expected 4 per instruction, 1 to 4096 instructions)",
                e.getMessage());
    }
}
