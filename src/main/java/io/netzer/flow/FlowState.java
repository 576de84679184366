package io.netzer.flow;

/** What a flow has shown so far, for {@code netzer.flow.state}. */
public enum FlowState {
    /** Only the initiator has sent (a TCP SYN without answer, a UDP query without reply). */
    NEW("new"),
    /** Both sides have sent. */
    ESTABLISHED("established"),
    /** TCP: one side sent a FIN. */
    CLOSING("closing"),
    /** TCP: both sides sent a FIN. */
    CLOSED("closed"),
    /** TCP: a side sent a RST. */
    RESET("reset");

    private final String label;

    FlowState(String label) {
        this.label = label;
    }

    /** The value written in events, e.g. {@code established}. */
    public String label() {
        return label;
    }
}
