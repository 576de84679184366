package io.netzer.sys;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.MemoryLayout.structLayout;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

/**
 * {@code struct pollfd} of {@code <poll.h>}.
 *
 * <pre>
 * struct pollfd {
 *     int   fd;
 *     short events;    // requested
 *     short revents;   // returned
 * };
 * </pre>
 */
public final class Pollfd {
    /** The C layout. */
    public static final StructLayout LAYOUT = structLayout(
            JAVA_INT.withName("fd"),
            JAVA_SHORT.withName("events"),
            JAVA_SHORT.withName("revents")).withName("pollfd");

    private static final long FD = LAYOUT.byteOffset(groupElement("fd"));
    private static final long EVENTS = LAYOUT.byteOffset(groupElement("events"));
    private static final long REVENTS = LAYOUT.byteOffset(groupElement("revents"));

    private Pollfd() {
    }

    /** Sets fd. */
    public static void fd(MemorySegment pollfd, int value) {
        pollfd.set(JAVA_INT, FD, value);
    }

    /** Sets events. */
    public static void events(MemorySegment pollfd, short value) {
        pollfd.set(JAVA_SHORT, EVENTS, value);
    }

    /** revents. */
    public static short revents(MemorySegment pollfd) {
        return pollfd.get(JAVA_SHORT, REVENTS);
    }
}
