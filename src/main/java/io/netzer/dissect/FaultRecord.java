package io.netzer.dissect;

/**
 * Where and why the current packet's decode stopped: its status, the layer and where that layer starts, and for a
 * {@linkplain DecodeStatus#isLengthFault() length fault} the length required and the length there was (else -1), as
 * etherparse's {@code LenError} carries them. One per walk, shared by the rooms of one decode (the link walk and the
 * {@link Dissector}), overwritten in place: nothing is allocated per packet and nothing is counted here.
 */
final class FaultRecord {
    private int status;
    private DecodeLayer layer;
    private long frameStart;
    private long offset;
    private int required;
    private int actual;

    /** Forgets the last packet's fault; offsets are then counted from {@code frameStart}. */
    void start(long frameStart) {
        this.frameStart = frameStart;
        status = 0;
        layer = null;
    }

    /** Records the current packet's fault; a length fault takes its lengths from the flyweight that found it. */
    void record(int code, DecodeLayer layer, long position, LengthFault lengths) {
        if (lengths == null) {
            record(code, layer, position, -1, -1);
        } else {
            record(code, layer, position, lengths.required(), lengths.actual());
        }
    }

    /** Records the current packet's fault at {@code position}, an absolute offset in the packet's segment. */
    void record(int code, DecodeLayer layer, long position, int required, int actual) {
        boolean lengthFault = DecodeStatus.fromCode(code).isLengthFault();
        status = code;
        this.layer = layer;
        offset = position - frameStart;
        this.required = lengthFault ? required : -1;
        this.actual = lengthFault ? actual : -1;
    }

    /** 0, or the negative {@link DecodeStatus} code of the current packet's fault. */
    int status() {
        return status;
    }

    /** The layer where the decode stopped, or null when {@link #status()} is 0. */
    DecodeLayer layer() {
        return layer;
    }

    /** Where {@link #layer()} starts, in bytes from the first byte of the frame. */
    long offset() {
        return offset;
    }

    /** The bytes {@link #layer()} required, or -1 when the fault is not a length fault. */
    int required() {
        return required;
    }

    /** The bytes there were for {@link #layer()}, or -1 when the fault is not a length fault. */
    int actual() {
        return actual;
    }
}
