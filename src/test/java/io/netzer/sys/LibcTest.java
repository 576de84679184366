package io.netzer.sys;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LibcTest {

    @Test
    void shouldResolveTheLoopbackInterfaceBothWays() {
        assertEquals(1, Libc.if_nametoindex("lo"));
        assertEquals("lo", Libc.if_indextoname(1));
    }

    @Test
    void shouldReturnZeroAndNullForMissingInterfaces() {
        assertEquals(0, Libc.if_nametoindex("nzt-missing0"));
        assertNull(Libc.if_indextoname(0x7fff_fff0));
    }

    @Test
    void shouldNameTheCallTheArgumentsAndTheErrnoText() {
        SystemCallException e = assertThrows(SystemCallException.class, () -> Libc.socket(-1, 0, 0));
        assertEquals(97, e.errno()); // EAFNOSUPPORT
        assertEquals("socket(-1, 0, 0) failed: Address family not supported by protocol (errno 97)", e.getMessage());
    }

    @Test
    void shouldNameSocketOptionsAsTheKernelHeaders() throws Exception {
        int fd = Libc.socket(LinuxConstants.AF_PACKET, LinuxConstants.SOCK_RAW | LinuxConstants.SOCK_CLOEXEC, 0);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment tooShort = arena.allocate(2);
            SystemCallException e = assertThrows(SystemCallException.class,
                    () -> Libc.setsockopt(fd, LinuxConstants.SOL_PACKET, LinuxConstants.PACKET_RX_RING, tooShort));
            assertTrue(e.getMessage().startsWith("setsockopt(fd=" + fd + ", SOL_PACKET, PACKET_RX_RING) failed: "),
                    e.getMessage());
        } finally {
            Libc.close(fd);
        }
    }

    @Test
    void shouldFailToCloseAClosedDescriptor() {
        SystemCallException e = assertThrows(SystemCallException.class, () -> Libc.close(-5));
        assertEquals("close(fd=-5) failed: Bad file descriptor (errno 9)", e.getMessage());
    }

    @Test
    void shouldLookUpUsers() {
        assertArrayEquals(new int[] {0, 0}, Libc.getpwnam("root"));
        assertNull(Libc.getpwnam("nzt-no-such-user"));
    }

    @Test
    void shouldGiveEachThreadItsOwnId() throws Exception {
        AtomicInteger other = new AtomicInteger();
        Thread thread = new Thread(() -> other.set(Libc.gettid()));
        thread.start();
        thread.join();
        assertNotEquals(Libc.gettid(), other.get());
        assertEquals(ProcessHandle.current().pid(), Libc.getpid());
    }

    @Test
    void shouldReadTheNoNewPrivsFlag() throws Exception {
        int flag = Libc.prctl(LinuxConstants.PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0);
        assertTrue(flag == 0 || flag == 1);
    }
}
