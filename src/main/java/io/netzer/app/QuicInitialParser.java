package io.netzer.app;

import static io.netzer.app.ParseResult.malformed;
import static io.netzer.app.ParseResult.malformedAt;

import io.netzer.dissect.Wire;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.security.GeneralSecurityException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Opens the Initial packets of QUIC v1 (RFC 9000, RFC 9001) and v2 (RFC 9369) in a UDP payload, collects
 * their CRYPTO data in the connection's {@link QuicCryptoAssembler}, and decodes the hello once the stream holds
 * it: the client's ClientHello ({@link #parse}), then, once the assembler has {@link QuicCryptoAssembler#startServer
 * started the server's stream}, the server's ServerHello ({@link #parseServer}), whose Initials are protected with
 * keys from the same client Destination Connection ID ("server in", RFC 9001 section 5.2). The rest of the server's
 * flight (EncryptedExtensions, Certificate, Finished) travels in Handshake packets, whose keys come from the key
 * exchange: out of an observer's reach. Handles coalesced packets (RFC 9000 section 12.2): Initials are opened,
 * other long header packets are stepped over by their Length, and a short header packet ends the walk; a server's
 * Handshake or short header packet is noted ({@link QuicCryptoAssembler#serverLeftInitials()}), and its Retry, once
 * verified, keys the server's later Initials on the connection ID it gives ({@link QuicRetry}).
 *
 * <pre>
 * Initial Packet {
 *   Header Form (1) = 1, Fixed Bit (1) = 1, Long Packet Type (2) = 0 (v1) / 1 (v2),
 *   Reserved Bits (2), Packet Number Length (2),     // these 4 bits are header-protected
 *   Version (32),
 *   Destination Connection ID Length (8), Destination Connection ID (0..160),
 *   Source Connection ID Length (8), Source Connection ID (0..160),
 *   Token Length (i), Token (..),
 *   Length (i),                                      // packet number + payload
 *   Packet Number (8..32),                           // header-protected
 *   Packet Payload (8..),                            // AEAD_AES_128_GCM, 16-byte tag
 * }
 * </pre>
 *
 * One instance per worker: it reuses its ciphers, MAC and buffers. Opening a packet allocates a few small key
 * objects (the JCE needs them); a bad AEAD tag is signalled by the JCE as an exception, which is caught here and
 * becomes {@link Malformation#QUIC_DECRYPTION_FAILED}.
 */
public final class QuicInitialParser {
    /** Most packets walked in one datagram (each is at least a few bytes; real clients coalesce 2 or 3). */
    public static final int MAX_PACKETS_PER_DATAGRAM = 16;
    /** Most ranges accepted in one ACK frame. */
    public static final int MAX_ACK_RANGES = 256;
    /** Largest UDP payload read; bytes beyond it are ignored. */
    public static final int MAX_DATAGRAM_LENGTH = 65_535;

    private static final int LONG_HEADER_BIT = 0x80;
    private static final int FIXED_BIT = 0x40;
    private static final int PACKET_TYPE_SHIFT = 4;
    private static final int PACKET_TYPE_MASK = 0b11;
    private static final int PROTECTED_BITS_MASK = 0x0f;
    private static final int PACKET_NUMBER_LENGTH_MASK = 0b11;
    private static final int VERSION_OFFSET = 1;
    private static final int DESTINATION_ID_LENGTH_OFFSET = VERSION_OFFSET + 4;
    private static final int MAX_PACKET_NUMBER_LENGTH = 4;
    private static final int SAMPLE_LENGTH = 16;
    private static final int TAG_LENGTH = 16;

    /** What {@link #walk} returns when every packet was walked and the hello may be decoded. */
    private static final int WALKED = -1;

    private final Side client = new Side(false);
    private final Side server = new Side(true);

    /**
     * Whether a datagram whose first byte is {@code firstByte} may be a client's first QUIC datagram: a long header
     * packet with the fixed bit set (RFC 9000 section 17.2); the version is checked by {@link #parse}.
     */
    public static boolean startsLongHeader(int firstByte) {
        return (firstByte & (LONG_HEADER_BIT | FIXED_BIT)) == (LONG_HEADER_BIT | FIXED_BIT);
    }
    private final QuicFrameWalker frames = new QuicFrameWalker();
    private final QuicRetry retry = new QuicRetry();
    private final ClientHelloParser helloParser;
    private final Cipher aead;
    private final byte[] packet = new byte[MAX_DATAGRAM_LENGTH];
    private final byte[] plaintext = new byte[MAX_DATAGRAM_LENGTH];
    private final byte[] mask = new byte[SAMPLE_LENGTH];
    private final byte[] nonce = new byte[QuicInitialKeys.IV_LENGTH];
    private final byte[] destinationId = new byte[QuicInitialKeys.MAX_CONNECTION_ID_LENGTH];
    private long varintValue;
    private long varintEnd;

    /**
     * Creates a parser.
     *
     * @param helloParser the worker's ClientHello parser, run on the reassembled CRYPTO stream
     */
    public QuicInitialParser(ClientHelloParser helloParser) {
        this.helloParser = helloParser;
        aead = cipher("AES/GCM/NoPadding");
    }

    private static Cipher cipher(String transformation) {
        try {
            return Cipher.getInstance(transformation);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cipher " + transformation + ": not available, but every JDK has it", e);
        }
    }

    /** One side's keys, and the header protection cipher and AEAD key made of them when they change. */
    private static final class Side {
        final boolean server;
        final QuicInitialKeys keys;
        final Cipher headerProtection = cipher("AES/ECB/NoPadding");
        SecretKeySpec aeadKey;

        Side(boolean server) {
            this.server = server;
            this.keys = new QuicInitialKeys(server);
        }
    }

    /**
     * Opens the client Initials of one datagram and, once the CRYPTO stream holds it, decodes the ClientHello.
     *
     * @param segment    memory holding the UDP payload
     * @param offset     where the payload starts
     * @param length     payload length
     * @param connection the flow's state, kept across its datagrams
     * @param hello      reused result; valid after {@link ParseStatus#COMPLETE}
     * @return COMPLETE when the hello is decoded, NEED_MORE_DATA while it is incomplete, NOT_THIS_PROTOCOL when the
     *         datagram does not start with a v1/v2 long header, MALFORMED with {@code connection.malformation()}
     */
    public int parse(MemorySegment segment, long offset, int length, QuicCryptoAssembler connection,
            ClientHello hello) {
        int status = walk(segment, offset, length, connection, client);
        return status == WALKED ? decodeHello(connection, hello) : status;
    }

    /**
     * Opens the server Initials of one datagram and, once the server's CRYPTO stream holds it, decodes the
     * ServerHello. The connection must have {@link QuicCryptoAssembler#startServer started the server's stream}
     * after the client's hello, which fixed the connection ID both sides' keys come from.
     *
     * @param segment    memory holding the UDP payload
     * @param offset     where the payload starts
     * @param length     payload length
     * @param connection the flow's state, kept across its datagrams
     * @param out        reused result; valid after {@link ParseStatus#COMPLETE}
     * @return COMPLETE when the ServerHello is decoded, NEED_MORE_DATA while it is incomplete, NOT_THIS_PROTOCOL
     *         when the datagram does not start with a v1/v2 long header or the client's hello was not seen,
     *         MALFORMED with {@code connection.malformation()} (a stream that does not start with a ServerHello is
     *         {@link Malformation#QUIC_NOT_SERVER_HELLO})
     */
    public int parseServer(MemorySegment segment, long offset, int length, QuicCryptoAssembler connection,
            ServerHello out) {
        if (connection.version == null) {
            return ParseStatus.NOT_THIS_PROTOCOL;
        }
        int status = walk(segment, offset, length, connection, server);
        if (status != WALKED) {
            return status;
        }
        status = ServerHelloParser.parseHandshake(connection.segment(), 0, connection.contiguousLength(), out);
        if (status == ParseStatus.NOT_THIS_PROTOCOL) {
            return malformed(connection, Malformation.QUIC_NOT_SERVER_HELLO);
        }
        if (status == ParseStatus.MALFORMED) {
            connection.malformation = out.malformation();
        }
        return status;
    }

    /**
     * Walks the packets of one datagram, opening the Initials of {@code side}.
     *
     * @return {@link #WALKED}, or the status to return at once
     */
    private int walk(MemorySegment segment, long offset, int length, QuicCryptoAssembler connection, Side side) {
        connection.malformation = Malformation.NONE;
        long p = offset;
        // A UDP payload is below 64 KiB; more can only come from a caller joining datagrams (GRO).
        long end = offset + Math.min(length, MAX_DATAGRAM_LENGTH);
        for (int packets = 0; p < end; packets++) {
            int first = Wire.u8(segment, p);
            if ((first & LONG_HEADER_BIT) == 0) {
                // A server sends 1-RTT packets only once it has the handshake keys: it is past its Initials.
                connection.serverLeftInitials |= side.server;
                if (packets == 0 && connection.packetsDecrypted() == 0) {
                    return ParseStatus.NOT_THIS_PROTOCOL;
                }
                break;
            }
            if (packets == MAX_PACKETS_PER_DATAGRAM) {
                return malformed(connection, Malformation.QUIC_TOO_MANY_PACKETS);
            }
            if (p + DESTINATION_ID_LENGTH_OFFSET + 1 > end) {
                return packets == 0 ? ParseStatus.NOT_THIS_PROTOCOL : malformed(connection,
                        Malformation.QUIC_HEADER_TRUNCATED);
            }
            QuicVersion version = QuicVersion.of(Wire.u32(segment, p + VERSION_OFFSET));
            if (version == null) {
                if (packets == 0) {
                    return ParseStatus.NOT_THIS_PROTOCOL;
                }
                break;
            }
            long next = packet(segment, p, end, version, connection, side);
            if (next < 0) {
                return ParseStatus.MALFORMED;
            }
            if (next == end + 1) {
                break;
            }
            p = next;
        }
        return WALKED;
    }

    /**
     * Walks one long header packet, opening it when it is an Initial of {@code side}.
     *
     * @return where the next packet starts; {@code end + 1} when nothing can follow (a Retry); -1 when malformed
     */
    private long packet(MemorySegment segment, long start, long end, QuicVersion version,
            QuicCryptoAssembler connection, Side side) {
        int type = (Wire.u8(segment, start) >>> PACKET_TYPE_SHIFT) & PACKET_TYPE_MASK;
        if (type == version.retryPacketType()) {
            Malformation problem = side.server ? retry.accept(segment, start, end, version, connection)
                    : Malformation.NONE;
            return problem == Malformation.NONE ? end + 1 : malformedAt(connection, problem);
        }
        connection.serverLeftInitials |= side.server && type == version.handshakePacketType;
        long p = start + DESTINATION_ID_LENGTH_OFFSET;
        int destinationIdLength = Wire.u8(segment, p++);
        if (destinationIdLength > QuicInitialKeys.MAX_CONNECTION_ID_LENGTH) {
            return malformedAt(connection, Malformation.QUIC_CONNECTION_ID_TOO_LONG);
        }
        if (p + destinationIdLength + 1 > end) {
            return malformedAt(connection, Malformation.QUIC_HEADER_TRUNCATED);
        }
        MemorySegment.copy(segment, ValueLayout.JAVA_BYTE, p, destinationId, 0, destinationIdLength);
        p += destinationIdLength;
        int sourceIdLength = Wire.u8(segment, p++);
        if (sourceIdLength > QuicInitialKeys.MAX_CONNECTION_ID_LENGTH) {
            return malformedAt(connection, Malformation.QUIC_CONNECTION_ID_TOO_LONG);
        }
        p += sourceIdLength;
        boolean initial = type == version.initialPacketType;
        if (initial) {
            if (!varint(segment, p, end) || varintValue > end - varintEnd) {
                return malformedAt(connection, Malformation.QUIC_HEADER_TRUNCATED);
            }
            p = varintEnd + varintValue;
        }
        if (!varint(segment, p, end)) {
            return malformedAt(connection, Malformation.QUIC_HEADER_TRUNCATED);
        }
        long packetNumberOffset = varintEnd;
        if (varintValue > end - packetNumberOffset) {
            return malformedAt(connection, Malformation.QUIC_LENGTH_BEYOND_DATAGRAM);
        }
        long packetEnd = packetNumberOffset + varintValue;
        if (initial) {
            Malformation problem = open(segment, start, packetNumberOffset, packetEnd, version, destinationIdLength,
                    connection, side);
            if (problem != Malformation.NONE) {
                return malformedAt(connection, problem);
            }
        }
        return packetEnd;
    }

    /** Removes header protection (RFC 9001 section 5.4), decrypts (section 5.3) and walks the frames. */
    private Malformation open(MemorySegment segment, long start, long packetNumberOffset, long packetEnd,
            QuicVersion version, int destinationIdLength, QuicCryptoAssembler connection, Side side) {
        int headerLength = (int) (packetNumberOffset - start);
        int packetLength = (int) (packetEnd - start);
        if (headerLength + MAX_PACKET_NUMBER_LENGTH + SAMPLE_LENGTH > packetLength) {
            return Malformation.QUIC_PACKET_TOO_SHORT;
        }
        // The client's first Initial fixes the connection ID of both sides' keys (RFC 9001 section 5.2): later
        // client Initials may carry the server's chosen connection ID, and the server's Initials carry the client's,
        // but all stay protected with keys from the original one. The server's keys use its packets' version, which
        // compatible version negotiation (RFC 9368) may change.
        boolean first = connection.version == null;
        QuicVersion keyVersion = first || side.server ? version : connection.version;
        byte[] keyId = first ? destinationId : connection.originalDestinationId;
        int keyIdLength = first ? destinationIdLength : connection.originalDestinationIdLength;
        QuicInitialKeys keys = side.keys;
        MemorySegment.copy(segment, ValueLayout.JAVA_BYTE, start, packet, 0, packetLength);
        try {
            if (keys.derive(keyVersion, keyId, keyIdLength)) {
                side.headerProtection.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(keys.headerProtectionKey, "AES"));
                side.aeadKey = new SecretKeySpec(keys.key, "AES");
            }
            // The sample starts 4 bytes after the packet number offset, whatever the packet number length.
            side.headerProtection.doFinal(packet, headerLength + MAX_PACKET_NUMBER_LENGTH, SAMPLE_LENGTH, mask, 0);
            packet[0] ^= (byte) (mask[0] & PROTECTED_BITS_MASK);
            int packetNumberLength = (packet[0] & PACKET_NUMBER_LENGTH_MASK) + 1;
            // Initial packet numbers start at 0 and stay small, so the truncated number is the full one
            // (RFC 9000 section 17.1 would need the largest acknowledged number, which an observer lacks).
            long packetNumber = 0;
            for (int i = 0; i < packetNumberLength; i++) {
                packet[headerLength + i] ^= mask[1 + i];
                packetNumber = packetNumber << 8 | (packet[headerLength + i] & 0xff);
            }
            int payloadOffset = headerLength + packetNumberLength;
            if (packetLength - payloadOffset < TAG_LENGTH) {
                return Malformation.QUIC_PACKET_TOO_SHORT;
            }
            System.arraycopy(keys.iv, 0, nonce, 0, nonce.length);
            for (int i = 0; i < Long.BYTES; i++) {
                nonce[nonce.length - 1 - i] ^= (byte) (packetNumber >>> (8 * i));
            }
            aead.init(Cipher.DECRYPT_MODE, side.aeadKey, new GCMParameterSpec(TAG_LENGTH * 8, nonce));
            aead.updateAAD(packet, 0, payloadOffset);
            int plaintextLength = aead.doFinal(packet, payloadOffset, packetLength - payloadOffset, plaintext, 0);
            if (first) {
                connection.version = version;
                System.arraycopy(destinationId, 0, connection.originalDestinationId, 0, destinationIdLength);
                connection.originalDestinationIdLength = destinationIdLength;
            }
            connection.countDecrypted();
            return frames.walk(plaintext, plaintextLength, connection);
        } catch (GeneralSecurityException e) {
            return Malformation.QUIC_DECRYPTION_FAILED;
        }
    }

    private int decodeHello(QuicCryptoAssembler connection, ClientHello hello) {
        int status = helloParser.parseHandshake(connection.segment(), 0, connection.contiguousLength(), hello);
        if (status == ParseStatus.MALFORMED) {
            connection.malformation = hello.malformation();
        }
        return status;
    }

    /** Reads a variable-length integer (RFC 9000 section 16) at {@code p} into varintValue and varintEnd. */
    private boolean varint(MemorySegment segment, long p, long end) {
        if (p >= end) {
            return false;
        }
        int first = Wire.u8(segment, p);
        int length = 1 << (first >>> 6);
        if (p + length > end) {
            return false;
        }
        long v = first & 0x3f;
        for (int i = 1; i < length; i++) {
            v = v << 8 | Wire.u8(segment, p + i);
        }
        varintValue = v;
        varintEnd = p + length;
        return true;
    }
}
