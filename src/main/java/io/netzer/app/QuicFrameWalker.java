package io.netzer.app;

/**
 * Walks the frames of a decrypted Initial payload (RFC 9000 section 19) and hands CRYPTO data to the
 * connection's {@link QuicCryptoAssembler}. An Initial may only carry PADDING, PING, ACK, CRYPTO and
 * CONNECTION_CLOSE (RFC 9000 section 12.4, table 3); the walk stops cleanly at any other frame type.
 *
 * <pre>
 * ACK Frame {                       CRYPTO Frame {                 CONNECTION_CLOSE Frame {
 *   Type (i) = 0x02..0x03,            Type (i) = 0x06,               Type (i) = 0x1c..0x1d,
 *   Largest Acknowledged (i),         Offset (i),                    Error Code (i),
 *   ACK Delay (i),                    Length (i),                    [Frame Type (i)],      // 0x1c only
 *   ACK Range Count (i),              Crypto Data (..),              Reason Phrase Length (i),
 *   First ACK Range (i),            }                                Reason Phrase (..),
 *   ACK Range (..) ...,  // Gap (i), ACK Range Length (i)          }
 *   [ECN Counts (..)],   // 3 x (i), type 0x03 only
 * }
 * </pre>
 */
final class QuicFrameWalker {
    private static final int PADDING = 0x00;
    private static final int PING = 0x01;
    private static final int ACK = 0x02;
    private static final int ACK_ECN = 0x03;
    private static final int CRYPTO = 0x06;
    private static final int CONNECTION_CLOSE_TRANSPORT = 0x1c;
    private static final int CONNECTION_CLOSE_APPLICATION = 0x1d;
    private static final int ECN_COUNTS = 3;

    private byte[] payload;
    private int position;
    private int end;
    private long value;

    /**
     * Walks the frames of one payload.
     *
     * @return {@link Malformation#NONE}, or why the payload is malformed
     */
    Malformation walk(byte[] plaintext, int length, QuicCryptoAssembler assembler) {
        payload = plaintext;
        position = 0;
        end = length;
        while (position < end) {
            if (!varint()) {
                return Malformation.QUIC_FRAME_TRUNCATED;
            }
            long type = value;
            Malformation problem;
            if (type == PADDING || type == PING) {
                problem = Malformation.NONE;
            } else if (type == ACK || type == ACK_ECN) {
                problem = ack(type == ACK_ECN);
            } else if (type == CRYPTO) {
                problem = crypto(assembler);
            } else if (type == CONNECTION_CLOSE_TRANSPORT || type == CONNECTION_CLOSE_APPLICATION) {
                // The connection is being closed: nothing after this frame matters.
                return connectionClose(type == CONNECTION_CLOSE_TRANSPORT);
            } else {
                return Malformation.NONE;
            }
            if (problem != Malformation.NONE) {
                return problem;
            }
        }
        return Malformation.NONE;
    }

    private Malformation ack(boolean withEcnCounts) {
        if (!varint() || !varint() || !varint()) {
            return Malformation.QUIC_FRAME_TRUNCATED;
        }
        long rangeCount = value;
        if (rangeCount > QuicInitialParser.MAX_ACK_RANGES) {
            return Malformation.QUIC_TOO_MANY_ACK_RANGES;
        }
        int varints = 1 + 2 * (int) rangeCount + (withEcnCounts ? ECN_COUNTS : 0);
        for (int i = 0; i < varints; i++) {
            if (!varint()) {
                return Malformation.QUIC_FRAME_TRUNCATED;
            }
        }
        return Malformation.NONE;
    }

    private Malformation crypto(QuicCryptoAssembler assembler) {
        if (!varint()) {
            return Malformation.QUIC_FRAME_TRUNCATED;
        }
        long streamOffset = value;
        if (!varint() || value > end - position) {
            return Malformation.QUIC_FRAME_TRUNCATED;
        }
        int length = (int) value;
        assembler.add(streamOffset, payload, position, length);
        position += length;
        return Malformation.NONE;
    }

    private Malformation connectionClose(boolean withFrameType) {
        if (!varint() || (withFrameType && !varint()) || !varint() || value > end - position) {
            return Malformation.QUIC_FRAME_TRUNCATED;
        }
        return Malformation.NONE;
    }

    /** Reads a variable-length integer (RFC 9000 section 16) into {@link #value}; false when it is cut short. */
    private boolean varint() {
        if (position >= end) {
            return false;
        }
        int first = payload[position] & 0xff;
        int length = 1 << (first >>> 6);
        if (position + length > end) {
            return false;
        }
        long v = first & 0x3f;
        for (int i = 1; i < length; i++) {
            v = v << 8 | (payload[position + i] & 0xff);
        }
        value = v;
        position += length;
        return true;
    }
}
