package io.netzer.defrag;

/**
 * Why a datagram in fragments was given up instead of handed on whole; each one given up is counted once, for
 * the first reason that applied.
 */
public enum DropReason {
    /** Not complete within the timeout after its first fragment (packet time). */
    TIMEOUT("timeout"),
    /** Its fragments reach past 65,535 bytes of IP datagram (RFC 791 and RFC 8200 lengths are 16 bits). */
    TOO_BIG("too_big"),
    /** The fragment memory cap was reached: the oldest datagrams in progress made room. */
    MEMORY("memory"),
    /** The cap on datagrams in progress was reached: the oldest made room. */
    DATAGRAM_CAP("datagram_cap"),
    /**
     * Lengths or offsets that contradict each other: a fragment with more to follow whose length is not a
     * multiple of 8 or zero, two different last fragments, data past the last fragment's end, a header too long.
     */
    INVALID("invalid"),
    /** A fragment cut by the snapshot length: its bytes are not all there. */
    TRUNCATED("truncated"),
    /** More separate pieces (holes between fragments) than a datagram may hold at once. */
    TOO_MANY_FRAGMENTS("too_many_fragments"),
    /** Still incomplete when the capture ended. */
    END_OF_CAPTURE("end_of_capture");

    private final String label;

    DropReason(String label) {
        this.label = label;
    }

    /** The reason as the metrics' {@code reason} label and the closing line write it. */
    public String label() {
        return label;
    }
}
