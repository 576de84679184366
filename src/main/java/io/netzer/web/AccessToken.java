package io.netzer.web;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * The bearer token of {@code --auth-token-file}, read by the launcher before Quarkus starts (so that no request is
 * ever served unchecked, and while the file is still readable as root). Null means no token is required.
 */
public final class AccessToken {
    private static volatile byte[] token;

    private AccessToken() {
    }

    /** Requires {@code value} from now on (null: no token). Surrounding white space is ignored. */
    public static void require(String value) {
        String trimmed = value == null ? null : value.strip();
        if (trimmed != null && trimmed.isEmpty()) {
            throw new IllegalArgumentException("the token file is empty");
        }
        token = trimmed == null ? null : trimmed.getBytes(StandardCharsets.UTF_8);
    }

    /** Whether a token is required. */
    public static boolean required() {
        return token != null;
    }

    /** Whether {@code candidate} is the token (in constant time); always true when none is required. */
    public static boolean accepts(String candidate) {
        byte[] expected = token;
        if (expected == null) {
            return true;
        }
        return candidate != null && MessageDigest.isEqual(expected, candidate.getBytes(StandardCharsets.UTF_8));
    }
}
