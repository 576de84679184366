package io.netzer.flow;

/** Why a flow event was emitted, for {@code netzer.flow.end_reason}. */
public enum EndReason {
    /** Not ended: an update of a long flow at the active timeout. */
    ACTIVE_TIMEOUT("active_timeout"),
    /** No packet for the idle timeout of its protocol. */
    IDLE_TIMEOUT("idle_timeout"),
    /** TCP: FIN or RST seen, then quiet for the closing timeout, or a new SYN reused its ports. */
    CLOSED("closed"),
    /** Removed to make room for a new flow when the table was full (the longest idle flow goes). */
    EVICTED("evicted"),
    /** The file or capture ended with the flow still open. */
    END_OF_CAPTURE("end_of_capture");

    private final String label;

    EndReason(String label) {
        this.label = label;
    }

    /** The value written in events, e.g. {@code idle_timeout}. */
    public String label() {
        return label;
    }
}
