package io.netzer.app;

import io.netzer.dissect.Wire;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.security.GeneralSecurityException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * A server's Retry: the client answers it with Initials to the connection ID the Retry's Source Connection ID
 * gives, and from then on both sides' Initial keys are derived from that ID (RFC 9001 section 5.2). A Retry is
 * accepted once per connection, as a client does (RFC 9000 section 17.2.5.2), and only when its integrity tag, an
 * AES-128-GCM tag over the Retry and the client's original Destination Connection ID with a key and nonce every
 * endpoint knows (RFC 9001 section 5.8, RFC 9369 section 3.3.3), verifies: only whoever saw the client's first
 * Initial can make one.
 *
 * <pre>
 * Retry Packet {                          Retry Pseudo-Packet {
 *   Header Form (1) = 1, Fixed Bit (1) = 1,  ODCID Length (8),
 *   Long Packet Type (2) = 3 (v1) / 0 (v2),  Original Destination Connection ID (0..160),
 *   Unused (4),                              the Retry packet without its tag (..),
 *   Version (32),                          }
 *   Destination Connection ID Length (8), Destination Connection ID (0..160),
 *   Source Connection ID Length (8), Source Connection ID (0..160),
 *   Retry Token (..),
 *   Retry Integrity Tag (128),
 * }
 * </pre>
 *
 * Runs only for a datagram holding a Retry (rare): checking the tag allocates the JCE's parameter object.
 */
final class QuicRetry {
    private static final int TAG_LENGTH = 16;
    private static final int DESTINATION_ID_LENGTH_OFFSET = 5;

    private final Cipher aead;
    private final byte[] pseudo = new byte[1 + QuicInitialKeys.MAX_CONNECTION_ID_LENGTH
            + QuicInitialParser.MAX_DATAGRAM_LENGTH];
    private final byte[] tag = new byte[TAG_LENGTH];

    QuicRetry() {
        try {
            aead = Cipher.getInstance("AES/GCM/NoPadding");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cipher AES/GCM/NoPadding: not available, but every JDK has it", e);
        }
    }

    /**
     * The Retry in {@code segment[start, end)} (it takes the rest of its datagram): when it is the connection's
     * first and genuine, the connection's keys come from its Source Connection ID from now on.
     *
     * @return {@link Malformation#NONE}, or why the Retry was refused
     */
    Malformation accept(MemorySegment segment, long start, long end, QuicVersion version,
            QuicCryptoAssembler connection) {
        long p = start + DESTINATION_ID_LENGTH_OFFSET;
        if (p >= end) {
            return Malformation.QUIC_HEADER_TRUNCATED;
        }
        int destinationIdLength = Wire.u8(segment, p);
        p += 1 + destinationIdLength;
        if (destinationIdLength > QuicInitialKeys.MAX_CONNECTION_ID_LENGTH) {
            return Malformation.QUIC_CONNECTION_ID_TOO_LONG;
        }
        if (p >= end) {
            return Malformation.QUIC_HEADER_TRUNCATED;
        }
        int sourceIdLength = Wire.u8(segment, p);
        long sourceId = p + 1;
        p = sourceId + sourceIdLength;
        if (sourceIdLength > QuicInitialKeys.MAX_CONNECTION_ID_LENGTH) {
            return Malformation.QUIC_CONNECTION_ID_TOO_LONG;
        }
        // A Retry carries a token of at least one byte before its tag.
        if (p + 1 + TAG_LENGTH > end) {
            return Malformation.QUIC_HEADER_TRUNCATED;
        }
        if (connection.retried) {
            return Malformation.NONE;
        }
        int originalLength = connection.originalDestinationIdLength;
        int withoutTag = (int) (end - TAG_LENGTH - start);
        pseudo[0] = (byte) originalLength;
        System.arraycopy(connection.originalDestinationId, 0, pseudo, 1, originalLength);
        MemorySegment.copy(segment, ValueLayout.JAVA_BYTE, start, pseudo, 1 + originalLength, withoutTag);
        MemorySegment.copy(segment, ValueLayout.JAVA_BYTE, end - TAG_LENGTH, tag, 0, TAG_LENGTH);
        try {
            aead.init(Cipher.DECRYPT_MODE, new SecretKeySpec(version.retryKey, "AES"),
                    new GCMParameterSpec(TAG_LENGTH * 8, version.retryNonce));
            aead.updateAAD(pseudo, 0, 1 + originalLength + withoutTag);
            aead.doFinal(tag, 0, TAG_LENGTH);
        } catch (GeneralSecurityException e) {
            return Malformation.QUIC_DECRYPTION_FAILED;
        }
        MemorySegment.copy(segment, ValueLayout.JAVA_BYTE, sourceId, connection.originalDestinationId, 0,
                sourceIdLength);
        connection.originalDestinationIdLength = sourceIdLength;
        connection.retried = true;
        return Malformation.NONE;
    }
}
