package io.netzer.app;

import java.util.HexFormat;

/**
 * The QUIC versions whose Initial packets we can open, with what differs between them: the salt and HKDF labels
 * of the initial keys (RFC 9001 section 5.2, RFC 9369 section 3.3), the key and nonce of the Retry integrity tag
 * (RFC 9001 section 5.8, RFC 9369 section 3.3.3) and the codes of the Initial and Handshake packet types
 * (RFC 9000 section 17.2, RFC 9369 section 3.2).
 */
enum QuicVersion {
    /** QUIC version 1, RFC 9000 and RFC 9001. */
    V1(0x0000_0001, "38762cf7f55934b34d179ae6a4c80cadccbb7f0a", "quic key", "quic iv", "quic hp", 0b00, 0b10,
            "be0c690b9f66575a1d766b54e368c84e", "461599d35d632bf2239825bb"),
    /** QUIC version 2, RFC 9369. */
    V2(0x6b33_43cf, "0dede3def700a6db819381be6e269dcbf9bd2ed9", "quicv2 key", "quicv2 iv", "quicv2 hp", 0b01,
            0b11, "8fb4b01b56ac48e260fbcbcead7ccc92", "d86969bc2d7c6d9990efb04a");

    /** Retry packet type: it has no Length field, so nothing after it in the datagram can be found. */
    static final int V1_RETRY_TYPE = 0b11;
    static final int V2_RETRY_TYPE = 0b00;

    final int wireVersion;
    final byte[] initialSalt;
    final String keyLabel;
    final String ivLabel;
    final String headerProtectionLabel;
    final int initialPacketType;
    final int handshakePacketType;
    final byte[] retryKey;
    final byte[] retryNonce;

    QuicVersion(int wireVersion, String saltHex, String keyLabel, String ivLabel, String headerProtectionLabel,
            int initialPacketType, int handshakePacketType, String retryKeyHex, String retryNonceHex) {
        this.wireVersion = wireVersion;
        this.initialSalt = HexFormat.of().parseHex(saltHex);
        this.keyLabel = keyLabel;
        this.ivLabel = ivLabel;
        this.headerProtectionLabel = headerProtectionLabel;
        this.initialPacketType = initialPacketType;
        this.handshakePacketType = handshakePacketType;
        this.retryKey = HexFormat.of().parseHex(retryKeyHex);
        this.retryNonce = HexFormat.of().parseHex(retryNonceHex);
    }

    /** The version for a wire value, or null for versions we cannot open (including 0, version negotiation). */
    static QuicVersion of(long wireVersion) {
        if (wireVersion == V1.wireVersion) {
            return V1;
        }
        return wireVersion == V2.wireVersion ? V2 : null;
    }

    /** Long header packet type of a Retry in this version. */
    int retryPacketType() {
        return this == V1 ? V1_RETRY_TYPE : V2_RETRY_TYPE;
    }
}
