package io.netzer.capture;

import io.netzer.sys.Libc;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class CpuAffinityTest {

    @Test
    void shouldParseListsAndRanges() {
        assertArrayEquals(new int[] {0, 1}, CpuAffinity.parse("0,1"));
        assertArrayEquals(new int[] {0, 1}, CpuAffinity.parse("0-1"));
        assertArrayEquals(new int[] {0, 2, 3, 4, 7}, CpuAffinity.parse("7,2-4, 0"));
        assertArrayEquals(new int[] {3}, CpuAffinity.parse("3,3"));
    }

    @Test
    void shouldFormatAsTheKernelDoes() {
        assertEquals("0-2,5", CpuAffinity.format(new int[] {5, 0, 1, 2}));
        assertEquals("1", CpuAffinity.format(new int[] {1}));
    }

    @Test
    void shouldRejectBadListsSayingWhatWasExpected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CpuAffinity.parse("0,x"));
        assertEquals("CPU list '0,x': 'x' is not a CPU number (expected 0 to 1023, e.g. 0,2-3)", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> CpuAffinity.parse("3-1"));
        assertEquals("CPU list '3-1': range 3-1 runs backwards", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> CpuAffinity.parse("1024"));
        assertThrows(IllegalArgumentException.class, () -> CpuAffinity.parse(""));
        assertThrows(IllegalArgumentException.class, () -> CpuAffinity.parse("1,"));
    }

    @Test
    void shouldPinTheCallingThreadOnly() throws Exception {
        int[] all = CpuAffinity.allowed(Libc.gettid());
        int target = all[all.length - 1];
        AtomicReference<Object> pinned = new AtomicReference<>();
        Thread thread = new Thread(() -> {
            try {
                CpuAffinity.pinCurrentThread(new int[] {target});
                pinned.set(CpuAffinity.allowed(Libc.gettid()));
            } catch (Exception e) {
                pinned.set(e);
            }
        });
        thread.start();
        thread.join();
        assertArrayEquals(new int[] {target}, (int[]) pinned.get(), String.valueOf(pinned.get()));
        assertArrayEquals(all, CpuAffinity.allowed(Libc.gettid()), "the test thread was not pinned");
    }
}
