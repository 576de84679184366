package io.netzer.sys;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.MemoryLayout.structLayout;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG_UNALIGNED;

/**
 * {@code struct epoll_event} of {@code <sys/epoll.h>}. On x86_64 the kernel declares it packed, so the 64-bit
 * data follows the events at offset 4 and the struct is 12 bytes long (other architectures pad it to 16).
 *
 * <pre>
 * struct epoll_event {
 *     uint32_t     events;   // EPOLLIN, EPOLLERR, EPOLLET, ...
 *     epoll_data_t data;     // returned as given to epoll_ctl
 * } __attribute__((packed));
 * </pre>
 */
public final class EpollEvent {
    /** The C layout (x86_64). */
    public static final StructLayout LAYOUT = structLayout(
            JAVA_INT.withName("events"),
            JAVA_LONG_UNALIGNED.withName("data")).withName("epoll_event");

    private static final long EVENTS = LAYOUT.byteOffset(groupElement("events"));
    private static final long DATA = LAYOUT.byteOffset(groupElement("data"));

    private EpollEvent() {
    }

    /** Sets {@code events}. */
    public static void events(MemorySegment event, int value) {
        event.set(JAVA_INT, EVENTS, value);
    }

    /** Reads {@code events}. */
    public static int events(MemorySegment event) {
        return event.get(JAVA_INT, EVENTS);
    }

    /** Sets {@code data} (as a 64-bit value). */
    public static void data(MemorySegment event, long value) {
        event.set(JAVA_LONG_UNALIGNED, DATA, value);
    }
}
