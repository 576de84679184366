package io.netzer.dissect;

import java.lang.foreign.MemorySegment;

/**
 * A PPPoE session header (RFC 2516 section 4, EtherType 0x8864) and the PPP protocol field after it, as a
 * flyweight.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |  VER  | TYPE  |      CODE     |          SESSION_ID           |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |            LENGTH             |      PPP protocol             |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 */
public final class PppoeSession {
    /** The session stage's EtherType. */
    public static final int ETHERTYPE = 0x8864;
    /** Offset of the session id. */
    public static final int SESSION_ID_OFFSET = 2;
    /** Offset of the PPP protocol field. */
    public static final int PROTOCOL_OFFSET = 6;
    /** The PPPoE header and the PPP protocol field. */
    public static final int HEADER_LENGTH = PROTOCOL_OFFSET + 2;
    private static final int VERSION_TYPE = 0x11;

    private final LengthFault fault = new LengthFault();
    private MemorySegment segment = MemorySegment.NULL;
    private long offset;

    /**
     * Points the view at a header.
     *
     * @return the header length, {@link DecodeStatus#TRUNCATED_PPPOE}'s code, or
     *         {@link DecodeStatus#BAD_PPPOE_VERSION}'s when version and type are not 1
     */
    public int wrap(MemorySegment segment, long offset, int available) {
        if (available < HEADER_LENGTH) {
            return fault.record(DecodeStatus.TRUNCATED_PPPOE, HEADER_LENGTH, available);
        }
        if (Wire.u8(segment, offset) != VERSION_TYPE) {
            return DecodeStatus.BAD_PPPOE_VERSION.code();
        }
        this.segment = segment;
        this.offset = offset;
        return HEADER_LENGTH;
    }

    /** The session id. */
    public int sessionId() {
        return Wire.u16(segment, offset + SESSION_ID_OFFSET);
    }

    /** The PPP protocol of the payload. */
    public int protocol() {
        return Wire.u16(segment, offset + PROTOCOL_OFFSET);
    }

    /** The lengths behind the last length fault {@code wrap} returned or set as its status. */
    public LengthFault lengthFault() {
        return fault;
    }
}
