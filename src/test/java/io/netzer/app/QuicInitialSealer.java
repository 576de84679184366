package io.netzer.app;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/** Test helper: protects an Initial the way a client or a server does (RFC 9001 sections 5.3 and 5.4). */
public final class QuicInitialSealer {
    private static final int TAG_LENGTH = 16;
    private static final int SAMPLE_LENGTH = 16;

    private QuicInitialSealer() {
    }

    /** A QUIC version 1 Initial, as {@link #seal}. */
    public static byte[] sealV1(byte[] destinationId, long packetNumber, byte[] frames) throws Exception {
        return seal(QuicVersion.V1, destinationId, packetNumber, frames);
    }

    /**
     * Builds a protected client Initial with a 2-byte packet number, no token, and the payload padded so the header
     * protection sample exists.
     */
    static byte[] seal(QuicVersion version, byte[] destinationId, long packetNumber, byte[] frames) throws Exception {
        return seal(version, destinationId, destinationId, new QuicInitialKeys(), packetNumber, frames);
    }

    /**
     * A server Initial as {@link #seal}, protected with the server's keys of the client's original Destination
     * Connection ID {@code clientDestinationId}, and sent to the client with an empty connection ID.
     */
    public static byte[] sealServer(QuicVersion version, byte[] clientDestinationId, long packetNumber,
            byte[] frames) throws Exception {
        return seal(version, new byte[0], clientDestinationId, new QuicInitialKeys(true), packetNumber, frames);
    }

    /** A server Initial of QUIC version 1, as {@link #sealServer}. */
    public static byte[] sealServerV1(byte[] clientDestinationId, long packetNumber, byte[] frames)
            throws Exception {
        return sealServer(QuicVersion.V1, clientDestinationId, packetNumber, frames);
    }

    private static byte[] seal(QuicVersion version, byte[] destinationId, byte[] keyId, QuicInitialKeys keys,
            long packetNumber, byte[] frames) throws Exception {
        int packetNumberLength = 2;
        byte[] payload = frames.length >= SAMPLE_LENGTH ? frames : Arrays.copyOf(frames, SAMPLE_LENGTH);
        ByteArrayOutputStream header = new ByteArrayOutputStream();
        header.write(0xc0 | version.initialPacketType << 4 | (packetNumberLength - 1)); // long header, Initial
        header.write(version.wireVersion >>> 24);                                       // version (4 bytes)
        header.write(version.wireVersion >>> 16);
        header.write(version.wireVersion >>> 8);
        header.write(version.wireVersion);
        header.write(destinationId.length);                                             // DCID length and DCID
        header.writeBytes(destinationId);
        header.write(0);                                                                // SCID length 0
        header.write(0);                                                                // token length 0
        int length = packetNumberLength + payload.length + TAG_LENGTH;
        header.write(0x40 | length >>> 8);                                              // Length, 2-byte varint
        header.write(length & 0xff);
        int packetNumberOffset = header.size();
        header.write((int) (packetNumber >>> 8));                                       // packet number
        header.write((int) packetNumber);
        byte[] aad = header.toByteArray();

        keys.derive(version, keyId, keyId.length);
        byte[] nonce = keys.iv.clone();
        for (int i = 0; i < 8; i++) {
            nonce[nonce.length - 1 - i] ^= (byte) (packetNumber >>> (8 * i));
        }
        Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
        gcm.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(keys.key, "AES"), new GCMParameterSpec(128, nonce));
        gcm.updateAAD(aad);
        byte[] ciphertext = gcm.doFinal(payload);

        byte[] packet = new byte[aad.length + ciphertext.length];
        System.arraycopy(aad, 0, packet, 0, aad.length);
        System.arraycopy(ciphertext, 0, packet, aad.length, ciphertext.length);
        Cipher ecb = Cipher.getInstance("AES/ECB/NoPadding");
        ecb.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(keys.headerProtectionKey, "AES"));
        byte[] mask = ecb.doFinal(packet, packetNumberOffset + 4, SAMPLE_LENGTH);
        packet[0] ^= (byte) (mask[0] & 0x0f);
        for (int i = 0; i < packetNumberLength; i++) {
            packet[packetNumberOffset + i] ^= mask[1 + i];
        }
        return packet;
    }

    /** A CRYPTO frame: type 0x06, offset and length as 4-byte varints, data. */
    public static byte[] crypto(int offset, byte[] data, int from, int to) {
        ByteArrayOutputStream frame = new ByteArrayOutputStream();
        frame.write(0x06);
        varint4(frame, offset);
        varint4(frame, to - from);
        frame.write(data, from, to - from);
        return frame.toByteArray();
    }

    static void varint4(ByteArrayOutputStream out, long value) {
        out.write((int) (0x80 | value >>> 24));
        out.write((int) (value >>> 16));
        out.write((int) (value >>> 8));
        out.write((int) value);
    }

    public static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}
