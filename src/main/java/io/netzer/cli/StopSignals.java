package io.netzer.cli;

import io.netzer.sys.Libc;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * SIGINT and SIGTERM as tcpdump treats them: a request to stop that ends the capture cleanly (every output
 * flushed, the closing lines printed) with exit status 0, rather than the JVM's shutdown with 130 or 143.
 *
 * <p>The dispositions are reset first: a shell starts the background jobs of a script with SIGINT ignored, and
 * the JVM registers no handler over an inherited SIG_IGN ({@code Signal.handle} then silently keeps it), so
 * without the reset {@code netzer -w f & kill -INT $!} would do nothing. {@code sun.misc.Signal} (module
 * jdk.unsupported, exported to everyone) is the supported way to receive a signal in Java; only the reset
 * needs libc.
 *
 * <p>Before a capture runs the signal ends the process as the default action would (status 128 + signal number),
 * through the shutdown hooks. While a capture stops, more signals are the same request and change nothing, as in
 * tcpdump: {@code timeout -s INT 10 netzer ...} signals NetZer and then its whole process group, so NetZer sees
 * each stop twice; the stop itself is bounded (the drain's deadline), so it needs no forced end.
 */
final class StopSignals {
    private static final int EXIT_SIGNALLED_BASE = 128;
    private static final AtomicReference<Runnable> STOP = new AtomicReference<>();
    private static final AtomicBoolean STOPPING = new AtomicBoolean();

    private StopSignals() {
    }

    /**
     * Handles SIGINT and SIGTERM, resetting one the process inherited as ignored to its default action first; once,
     * from {@code main}. The JVM says when it kept an ignored signal (it returns {@code SIG_IGN}), so libc's
     * {@code signal} is linked only then, not at every start.
     */
    static void install() {
        for (String name : List.of("INT", "TERM")) {
            Signal signal = new Signal(name);
            if (Signal.handle(signal, StopSignals::received) == SignalHandler.SIG_IGN) {
                Libc.resetSignal(signal.getNumber());
                Signal.handle(signal, StopSignals::received);
            }
        }
    }

    /**
     * Makes SIGINT and SIGTERM run {@code stop} once (from the JVM's signal thread) instead of ending the
     * process, until {@link #clear}.
     */
    static void onStop(Runnable stop) {
        STOPPING.set(false);
        STOP.set(stop);
    }

    /**
     * Ends the running capture as a stop signal would (cleanly, status 0): tcpdump's {@code -W} with {@code -G}
     * when the last file is done. Nothing happens outside a capture or while one already stops.
     */
    static void request() {
        Runnable stop = STOP.get();
        if (stop != null && STOPPING.compareAndSet(false, true)) {
            stop.run();
        }
    }

    /** Gives the signals their ending action back, once the capture has ended. */
    static void clear() {
        STOP.set(null);
    }

    private static void received(Signal signal) {
        Runnable stop = STOP.get();
        if (stop == null) {
            Runtime.getRuntime().exit(EXIT_SIGNALLED_BASE + signal.getNumber());
        } else if (STOPPING.compareAndSet(false, true)) {
            stop.run();
        }
    }
}
