package io.netzer.app;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Derives the Initial packet protection keys of one side, client or server, from the Destination Connection ID of
 * the client's first Initial (RFC 9001 section 5.2; RFC 9369 section 3.3 for version 2): both sides' keys come from
 * that one ID, which an observer of the client's first datagram knows.
 *
 * <pre>
 * initial_secret        = HKDF-Extract(initial_salt, client_dst_connection_id)
 * client_initial_secret = HKDF-Expand-Label(initial_secret, "client in", "", 32)
 * server_initial_secret = HKDF-Expand-Label(initial_secret, "server in", "", 32)
 * key = HKDF-Expand-Label(side_initial_secret, "quic key", "", 16)   // "quicv2 key" in v2
 * iv  = HKDF-Expand-Label(side_initial_secret, "quic iv", "", 12)    // "quicv2 iv"
 * hp  = HKDF-Expand-Label(side_initial_secret, "quic hp", "", 16)    // "quicv2 hp"
 * </pre>
 *
 * HKDF-Expand-Label is TLS 1.3's (RFC 8446 section 7.1) over HMAC-SHA256. Keys of the last connection ID are
 * kept, so the Initials of one connection derive them once.
 */
final class QuicInitialKeys {
    static final int KEY_LENGTH = 16;
    static final int IV_LENGTH = 12;
    static final int SECRET_LENGTH = 32;
    static final int MAX_CONNECTION_ID_LENGTH = 20;

    private static final byte[] CLIENT_IN = "client in".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] SERVER_IN = "server in".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] TLS13_PREFIX = "tls13 ".getBytes(StandardCharsets.US_ASCII);

    final byte[] initialSecret = new byte[SECRET_LENGTH];
    /** The side's initial secret: client_initial_secret or server_initial_secret. */
    final byte[] secret = new byte[SECRET_LENGTH];
    final byte[] key = new byte[KEY_LENGTH];
    final byte[] iv = new byte[IV_LENGTH];
    final byte[] headerProtectionKey = new byte[KEY_LENGTH];

    private final byte[] sideLabel;
    private final Mac hmac;
    private final byte[] block = new byte[SECRET_LENGTH];
    private final byte[] info = new byte[2 + 1 + 255 + 1 + 1];
    private final byte[] lastConnectionId = new byte[MAX_CONNECTION_ID_LENGTH];
    private int lastConnectionIdLength = -1;
    private QuicVersion lastVersion;

    /** Keys of the client's Initials. */
    QuicInitialKeys() {
        this(false);
    }

    /**
     * Keys of one side's Initials.
     *
     * @param server true for the server's Initials ("server in"), false for the client's ("client in")
     */
    QuicInitialKeys(boolean server) {
        sideLabel = server ? SERVER_IN : CLIENT_IN;
        try {
            hmac = Mac.getInstance("HmacSHA256");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Mac HmacSHA256: not available, but every JDK must provide it", e);
        }
    }

    /**
     * Makes {@link #key}, {@link #iv} and {@link #headerProtectionKey} those of the given connection ID.
     *
     * @return true when they changed (the caller re-keys its ciphers)
     */
    boolean derive(QuicVersion version, byte[] connectionId, int connectionIdLength) throws GeneralSecurityException {
        if (version == lastVersion && connectionIdLength == lastConnectionIdLength
                && Arrays.equals(connectionId, 0, connectionIdLength, lastConnectionId, 0, connectionIdLength)) {
            return false;
        }
        hmac.init(new SecretKeySpec(version.initialSalt, "HmacSHA256"));
        hmac.update(connectionId, 0, connectionIdLength);
        hmac.doFinal(initialSecret, 0);
        expandLabel(initialSecret, sideLabel, secret, SECRET_LENGTH);
        expandLabel(secret, version.keyLabel.getBytes(StandardCharsets.US_ASCII), key, KEY_LENGTH);
        expandLabel(secret, version.ivLabel.getBytes(StandardCharsets.US_ASCII), iv, IV_LENGTH);
        expandLabel(secret, version.headerProtectionLabel.getBytes(StandardCharsets.US_ASCII),
                headerProtectionKey, KEY_LENGTH);
        System.arraycopy(connectionId, 0, lastConnectionId, 0, connectionIdLength);
        lastConnectionIdLength = connectionIdLength;
        lastVersion = version;
        return true;
    }

    /**
     * HKDF-Expand-Label with an empty context; every length used here fits one HMAC block, so
     * HKDF-Expand (RFC 5869 section 2.3) is the single step T(1) = HMAC(secret, HkdfLabel | 0x01).
     *
     * <pre>
     * struct {
     *     uint16 length = Length;
     *     opaque label&lt;7..255&gt; = "tls13 " + Label;
     *     opaque context&lt;0..255&gt; = Context;
     * } HkdfLabel;
     * </pre>
     */
    private void expandLabel(byte[] secret, byte[] label, byte[] out, int length) throws GeneralSecurityException {
        int n = 0;
        info[n++] = (byte) (length >>> 8);
        info[n++] = (byte) length;
        info[n++] = (byte) (TLS13_PREFIX.length + label.length);
        System.arraycopy(TLS13_PREFIX, 0, info, n, TLS13_PREFIX.length);
        n += TLS13_PREFIX.length;
        System.arraycopy(label, 0, info, n, label.length);
        n += label.length;
        info[n++] = 0;
        info[n++] = 1;
        hmac.init(new SecretKeySpec(secret, "HmacSHA256"));
        hmac.update(info, 0, n);
        hmac.doFinal(block, 0);
        System.arraycopy(block, 0, out, 0, length);
    }
}
