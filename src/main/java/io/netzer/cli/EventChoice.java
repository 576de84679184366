package io.netzer.cli;

import io.netzer.inspect.AppInspector;
import java.util.List;

/**
 * What {@code --events} asks for (already checked by {@link UsageCheck}): packet events (the default when the
 * list is empty), flow events, and the app-layer events as {@link AppInspector} flags.
 *
 * @param packets  {@code packet}
 * @param flows    {@code flow}
 * @param appLayer {@link AppInspector#TLS}, {@link AppInspector#DNS}, {@link AppInspector#HTTP} or'ed
 */
record EventChoice(boolean packets, boolean flows, int appLayer) {
    static EventChoice of(List<String> events) {
        boolean packets = events.isEmpty() || events.contains("packet");
        int app = (events.contains("tls") ? AppInspector.TLS : 0) | (events.contains("dns") ? AppInspector.DNS : 0)
                | (events.contains("http") ? AppInspector.HTTP : 0);
        return new EventChoice(packets, events.contains("flow"), app);
    }

    /** Whether anything but packet events is asked: then the workers track flows. */
    boolean any() {
        return flows || appLayer != 0;
    }
}
