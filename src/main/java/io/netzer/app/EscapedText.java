package io.netzer.app;

/**
 * Turns raw protocol bytes that should be text (a TLS server name, an HTTP header) into a string without losing
 * anything: valid UTF-8 is decoded, every byte that is not part of a valid UTF-8 sequence becomes {@code \xNN},
 * and a backslash becomes {@code \\} so the escaping can be undone. Cold path: call it when an event is emitted.
 */
public final class EscapedText {
    private EscapedText() {
    }

    /**
     * Decodes bytes as UTF-8, escaping what is not valid UTF-8.
     *
     * @param bytes  the raw bytes
     * @param offset first byte
     * @param length number of bytes
     * @return the text, identical to a plain UTF-8 decode when the bytes are valid UTF-8 without backslashes
     */
    public static String of(byte[] bytes, int offset, int length) {
        StringBuilder text = new StringBuilder(length);
        int end = offset + length;
        int i = offset;
        while (i < end) {
            int b = bytes[i] & 0xff;
            int sequenceLength = validSequenceLength(bytes, i, end);
            if (sequenceLength == 0) {
                text.append("\\x").append(Character.forDigit(b >>> 4, 16)).append(Character.forDigit(b & 0xf, 16));
                i++;
            } else if (b == '\\') {
                text.append("\\\\");
                i++;
            } else if (sequenceLength == 1) {
                text.append((char) b);
                i++;
            } else {
                text.appendCodePoint(decode(bytes, i, sequenceLength));
                i += sequenceLength;
            }
        }
        return text.toString();
    }

    /** Length of the valid UTF-8 sequence starting at {@code i} (RFC 3629 section 4), or 0 if it is not valid. */
    private static int validSequenceLength(byte[] bytes, int i, int end) {
        int b = bytes[i] & 0xff;
        if (b < 0x80) {
            return 1;
        }
        int length;
        int min;
        int max;
        if (b >= 0xc2 && b <= 0xdf) {
            length = 2;
            min = 0x80;
            max = 0xbf;
        } else if (b >= 0xe0 && b <= 0xef) {
            length = 3;
            min = b == 0xe0 ? 0xa0 : 0x80;
            max = b == 0xed ? 0x9f : 0xbf;
        } else if (b >= 0xf0 && b <= 0xf4) {
            length = 4;
            min = b == 0xf0 ? 0x90 : 0x80;
            max = b == 0xf4 ? 0x8f : 0xbf;
        } else {
            return 0;
        }
        if (i + length > end) {
            return 0;
        }
        int second = bytes[i + 1] & 0xff;
        if (second < min || second > max) {
            return 0;
        }
        for (int k = 2; k < length; k++) {
            int continuation = bytes[i + k] & 0xff;
            if (continuation < 0x80 || continuation > 0xbf) {
                return 0;
            }
        }
        return length;
    }

    private static int decode(byte[] bytes, int i, int length) {
        int codePoint = bytes[i] & (0xff >>> (length + 1));
        for (int k = 1; k < length; k++) {
            codePoint = codePoint << 6 | (bytes[i + k] & 0x3f);
        }
        return codePoint;
    }
}
