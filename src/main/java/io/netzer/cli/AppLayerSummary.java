package io.netzer.cli;

import io.netzer.app.Malformation;
import io.netzer.inspect.AppInspector;
import io.netzer.inspect.InspectorCounter;
import java.util.EnumSet;
import java.util.List;

/**
 * The line printed at exit when the app inspectors of the workers gave up on something (a cap, a gap, a
 * malformed message): every such count by reason, so nothing is dropped silently.
 */
final class AppLayerSummary {
    /** Counts of what was seen, not given up: an unanswered request or a lone response is still written. */
    private static final EnumSet<InspectorCounter> EVENTS = EnumSet.of(InspectorCounter.TLS_EVENTS,
            InspectorCounter.QUIC_EVENTS, InspectorCounter.DNS_EVENTS, InspectorCounter.HTTP_EVENTS,
            InspectorCounter.MALFORMED, InspectorCounter.DNS_RESPONSES_UNMATCHED, InspectorCounter.HTTP_UNANSWERED,
            InspectorCounter.HTTP_RESPONSE_WITHOUT_REQUEST, InspectorCounter.HTTP_INTERIM_RESPONSES);

    private AppLayerSummary() {
    }

    /** E.g. {@code gap abandoned 2, malformed dns_name_too_long 1}; empty when nothing was given up. */
    static String abandoned(List<AppInspector> inspectors) {
        StringBuilder text = new StringBuilder();
        for (InspectorCounter counter : InspectorCounter.values()) {
            if (!EVENTS.contains(counter)) {
                long n = inspectors.stream().mapToLong(i -> i.count(counter)).sum();
                append(text, counter.name(), n);
            }
        }
        for (Malformation reason : Malformation.values()) {
            long n = inspectors.stream().mapToLong(i -> i.malformed(reason)).sum();
            append(text, "malformed " + reason.name(), n);
        }
        return text.toString();
    }

    private static void append(StringBuilder text, String what, long count) {
        if (count > 0) {
            text.append(text.isEmpty() ? "" : ", ").append(what.toLowerCase(java.util.Locale.ROOT).replace('_', ' '))
                    .append(' ').append(count);
        }
    }
}
