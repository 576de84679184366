package io.netzer.app;

/**
 * GREASE values (RFC 8701): reserved code points {@code 0x?a?a} with equal bytes that clients sprinkle into cipher
 * suites, extensions, groups, signature algorithms and versions so servers do not ossify. Fingerprints ignore them.
 */
public final class Grease {
    private static final int LOW_NIBBLES_MASK = 0x0f0f;
    private static final int LOW_NIBBLES_GREASE = 0x0a0a;

    private Grease() {
    }

    /**
     * Tells whether a 16-bit value is one of the sixteen GREASE values {@code 0x0a0a, 0x1a1a, ..., 0xfafa}.
     *
     * @param value a cipher suite, extension type, version, group or signature scheme
     * @return true for a GREASE value
     */
    public static boolean isGrease(int value) {
        return (value & LOW_NIBBLES_MASK) == LOW_NIBBLES_GREASE && (value >>> 8) == (value & 0xff);
    }
}
