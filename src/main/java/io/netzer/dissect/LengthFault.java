package io.netzer.dissect;

/**
 * The two lengths behind a flyweight's last length fault, as etherparse's {@code LenError} carries them: the length
 * the layer required and the length it had. A flyweight owns one and overwrites it in place, so a fault costs no
 * allocation; the values describe the last {@code wrap} that returned, or set as its status, a
 * {@linkplain DecodeStatus#isLengthFault() length fault}.
 */
public final class LengthFault {
    private int required;
    private int actual;

    /**
     * Records a fault's lengths.
     *
     * @param required the bytes the layer needs: its fixed part, the length its own fields declare, or the
     *                 minimum a length field may hold
     * @param actual   the bytes there were: left in the capture or the datagram, or the value of the length field
     * @return {@code status}'s code, for the {@code wrap} to return or keep as its status
     */
    int record(DecodeStatus status, int required, int actual) {
        this.required = required;
        this.actual = actual;
        return status.code();
    }

    /** The bytes the layer required. */
    public int required() {
        return required;
    }

    /** The bytes there were (or the length field's value when it is below {@link #required()}). */
    public int actual() {
        return actual;
    }
}
