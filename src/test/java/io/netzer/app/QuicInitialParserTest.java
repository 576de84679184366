package io.netzer.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class QuicInitialParserTest {
    private static final byte[] RFC_DESTINATION_ID = HexFormat.of().parseHex("8394c8f03e515708");
    /** The Source Connection ID of the Retry of RFC 9001 Appendix A.4. */
    private static final byte[] RETRY_SOURCE_ID = HexFormat.of().parseHex("f067a5502a4262b5");

    private final QuicInitialParser parser = new QuicInitialParser(new ClientHelloParser());
    private final QuicCryptoAssembler connection = new QuicCryptoAssembler();
    private final ClientHello hello = new ClientHello();
    private final ServerHello server = new ServerHello();

    @Test
    void shouldDeriveTheVersion1KeysOfRfc9001AppendixA1() throws Exception {
        QuicInitialKeys keys = new QuicInitialKeys();
        keys.derive(QuicVersion.V1, RFC_DESTINATION_ID, RFC_DESTINATION_ID.length);

        assertEquals("7db5df06e7a69e432496adedb00851923595221596ae2ae9fb8115c1e9ed0a44", hex(keys.initialSecret));
        assertEquals("c00cf151ca5be075ed0ebfb5c80323c42d6b7db67881289af4008f1f6c357aea", hex(keys.secret));
        assertEquals("1f369613dd76d5467730efcbe3b1a22d", hex(keys.key));
        assertEquals("fa044b2f42a3fd3b46fb255c", hex(keys.iv));
        assertEquals("9f50449e04a0e810283a1e9933adedd2", hex(keys.headerProtectionKey));
    }

    @Test
    void shouldDeriveTheVersion2KeysOfRfc9369AppendixA1() throws Exception {
        QuicInitialKeys keys = new QuicInitialKeys();
        keys.derive(QuicVersion.V2, RFC_DESTINATION_ID, RFC_DESTINATION_ID.length);

        assertEquals("14ec9d6eb9fd7af83bf5a668bc17a7e283766aade7ecd0891f70f9ff7f4bf47b", hex(keys.secret));
        assertEquals("8b1a0bc121284290a29e0971b5cd045d", hex(keys.key));
        assertEquals("91f73e2351d8fa91660e909f", hex(keys.iv));
        assertEquals("45b95e15235d6f45a6b19cbcb0294ba9", hex(keys.headerProtectionKey));
    }

    @Test
    void shouldDeriveTheVersion1ServerKeysOfRfc9001AppendixA1() throws Exception {
        QuicInitialKeys keys = new QuicInitialKeys(true);
        keys.derive(QuicVersion.V1, RFC_DESTINATION_ID, RFC_DESTINATION_ID.length);

        assertEquals("3c199828fd139efd216c155ad844cc81fb82fa8d7446fa7d78be803acdda951b", hex(keys.secret));
        assertEquals("cf3a5331653c364c88f0f379b6067e37", hex(keys.key));
        assertEquals("0ac1493ca1905853b0bba03e", hex(keys.iv));
        assertEquals("c206b8d9b9f0f37644430b490eeaa314", hex(keys.headerProtectionKey));
    }

    @Test
    void shouldOpenTheServerInitialOfRfc9001AppendixA3WithKeysFromTheClientsConnectionId() throws IOException {
        startServerAfter("rfc9001-a2-client-initial.hex");

        assertEquals(ParseStatus.COMPLETE, parseServer(resource("rfc9001-a3-server-initial.hex")));
        assertEquals(1, connection.packetsDecrypted());
        assertEquals(0x0304, server.version());
        assertEquals(0x0303, server.legacyVersion());
        assertEquals(0x1301, server.cipherSuite());
        assertEquals(2, server.extensionCount());                 // key_share, supported_versions
        assertEquals(-1, server.alpnLength());
        assertFalse(connection.serverLeftInitials());
    }

    @Test
    void shouldOpenTheVersion2ServerInitialOfRfc9369AppendixA3() throws IOException {
        startServerAfter("rfc9369-a2-client-initial.hex");

        assertEquals(ParseStatus.COMPLETE, parseServer(resource("rfc9369-a3-server-initial.hex")));
        assertEquals(0x6b3343cf, connection.version());
        assertEquals(0x1301, server.cipherSuite());
    }

    @Test
    void shouldNotOpenAServerInitialBeforeTheClientsFirstInitialGaveTheKeys() throws IOException {
        assertEquals(ParseStatus.NOT_THIS_PROTOCOL, parseServer(resource("rfc9001-a3-server-initial.hex")));
        assertEquals(0, connection.packetsDecrypted());
    }

    @Test
    void shouldRejectAServerInitialOpenedWithTheClientsKeys() throws IOException {
        // The server's packet handed to the client's side: its tag does not verify with "client in" keys.
        startServerAfter("rfc9001-a2-client-initial.hex");
        assertMalformedKeepingKeys(Malformation.QUIC_DECRYPTION_FAILED,
                parse(resource("rfc9001-a3-server-initial.hex")));
    }

    @Test
    void shouldRejectAServerInitialWhoseTagDoesNotVerify() throws IOException {
        startServerAfter("rfc9001-a2-client-initial.hex");
        byte[] datagram = resource("rfc9001-a3-server-initial.hex");
        datagram[datagram.length - 1] ^= 1;
        assertMalformedKeepingKeys(Malformation.QUIC_DECRYPTION_FAILED, parseServer(datagram));
    }

    @Test
    void shouldNoteTheServersHandshakePacketCoalescedAfterItsInitial() throws IOException {
        startServerAfter("rfc9001-a2-client-initial.hex");
        byte[] datagram = QuicInitialSealer.concat(resource("rfc9001-a3-server-initial.hex"), Hex.bytes("""
                e0 00 00 00 01            // long header, Handshake (2), version 1
                00 00                     // DCID length 0, SCID length 0
                05 11 22 33 44 55         // Length 5, five protected bytes (not opened)
                """));

        assertEquals(ParseStatus.COMPLETE, parseServer(datagram));
        assertTrue(connection.serverLeftInitials());
    }

    @Test
    void shouldNoteTheServersShortHeaderPacketAfterItsServerHello() throws IOException {
        startServerAfter("rfc9001-a2-client-initial.hex");
        assertEquals(ParseStatus.COMPLETE, parseServer(resource("rfc9001-a3-server-initial.hex")));
        assertFalse(connection.serverLeftInitials());

        parseServer(Hex.bytes("40 01 02 03 04 05 06 07   // short header (1-RTT) packet"));
        assertTrue(connection.serverLeftInitials());
    }

    @Test
    void shouldWaitForAServerHelloSplitOverTwoServerInitials() throws Exception {
        startServerAfter("rfc9001-a2-client-initial.hex");
        byte[] hello = new ServerHelloBuilder().alpn("h3").handshake();
        byte[] second = sealServer(1, QuicInitialSealer.crypto(40, hello, 40, hello.length));
        byte[] first = sealServer(0, QuicInitialSealer.crypto(0, hello, 0, 40));

        assertEquals(ParseStatus.NEED_MORE_DATA, parseServer(second));
        assertEquals(ParseStatus.COMPLETE, parseServer(first));
        assertEquals("h3", server.alpn());
        assertEquals(2, connection.packetsDecrypted());
    }

    @Test
    void shouldRejectAServerStreamThatDoesNotStartWithAServerHello() throws Exception {
        startServerAfter("rfc9001-a2-client-initial.hex");
        byte[] notHello = Hex.bytes("08 00 00 02 00 00         // encrypted_extensions, length 2, no extensions");

        assertMalformedKeepingKeys(Malformation.QUIC_NOT_SERVER_HELLO,
                parseServer(sealServer(0, QuicInitialSealer.crypto(0, notHello, 0, notHello.length))));
    }

    @Test
    void shouldReportAMalformedServerHelloInTheCryptoStream() throws Exception {
        startServerAfter("rfc9001-a2-client-initial.hex");
        byte[] bad = Hex.bytes("""
                02 00 00 05               // server_hello, length 5
                03 03 00 00 00            // legacy_version, then 3 of the 32 random bytes
                """);
        assertMalformedKeepingKeys(Malformation.TLS_HELLO_TRUNCATED,
                parseServer(sealServer(0, QuicInitialSealer.crypto(0, bad, 0, bad.length))));
    }

    @Test
    void shouldKeyTheServersInitialsOnTheConnectionIdOfAGenuineRetry() throws Exception {
        startServerAfter("rfc9001-a2-client-initial.hex");
        // RFC 9001 Appendix A.4: a Retry to the A.2 client, SCID f067a5502a4262b5, token "token", its tag.
        byte[] retry = Hex.bytes("ff000000010008f067a5502a4262b5746f6b656e04a265ba2eff4d829058fb3f0f2496ba");
        byte[] hello = new ServerHelloBuilder().selectedVersion(0x0304).handshake();
        byte[] keyedOnRetry = QuicInitialSealer.sealServer(QuicVersion.V1, RETRY_SOURCE_ID, 0,
                QuicInitialSealer.crypto(0, hello, 0, hello.length));

        assertEquals(ParseStatus.NEED_MORE_DATA, parseServer(retry));
        assertEquals(ParseStatus.COMPLETE, parseServer(keyedOnRetry));
        assertEquals(0x0304, server.version());
    }

    @Test
    void shouldAcceptTheVersion2RetryOfRfc9369AppendixA4() throws Exception {
        startServerAfter("rfc9369-a2-client-initial.hex");
        byte[] retry = Hex.bytes("cf6b3343cf0008f067a5502a4262b5746f6b656ec8646ce8bfe33952d955543665dcc7b6");
        byte[] hello = new ServerHelloBuilder().selectedVersion(0x0304).handshake();

        assertEquals(ParseStatus.NEED_MORE_DATA, parseServer(retry));
        assertEquals(ParseStatus.COMPLETE, parseServer(QuicInitialSealer.sealServer(QuicVersion.V2, RETRY_SOURCE_ID,
                0, QuicInitialSealer.crypto(0, hello, 0, hello.length))));
    }

    @Test
    void shouldRefuseARetryWhoseTagDoesNotVerifyAndKeepTheKeys() throws Exception {
        startServerAfter("rfc9001-a2-client-initial.hex");
        byte[] forged = Hex.bytes("ff000000010008f067a5502a4262b5746f6b656e04a265ba2eff4d829058fb3f0f2496bb");

        assertMalformedKeepingKeys(Malformation.QUIC_DECRYPTION_FAILED, parseServer(forged));
        assertEquals(ParseStatus.COMPLETE, parseServer(resource("rfc9001-a3-server-initial.hex")),
                "still keyed on the client's connection ID");
    }

    @Test
    void shouldAcceptOneRetryPerConnection() throws Exception {
        startServerAfter("rfc9001-a2-client-initial.hex");
        byte[] retry = Hex.bytes("ff000000010008f067a5502a4262b5746f6b656e04a265ba2eff4d829058fb3f0f2496ba");
        parseServer(retry);
        // A second Retry, whatever its tag, changes nothing: the server's Initials stay keyed on the first's ID.
        byte[] second = Hex.bytes("ff00000001000401020304746f6b656e00000000000000000000000000000000");
        assertEquals(ParseStatus.NEED_MORE_DATA, parseServer(second));
        byte[] hello = new ServerHelloBuilder().handshake();
        assertEquals(ParseStatus.COMPLETE, parseServer(QuicInitialSealer.sealServer(QuicVersion.V1,
                RETRY_SOURCE_ID, 0, QuicInitialSealer.crypto(0, hello, 0, hello.length))));
    }

    @Test
    void shouldRejectARetryTooShortForItsTokenAndTag() throws Exception {
        startServerAfter("rfc9001-a2-client-initial.hex");
        assertMalformedKeepingKeys(Malformation.QUIC_HEADER_TRUNCATED, parseServer(Hex.bytes("""
                ff 00 00 00 01            // Retry, version 1
                00 08 f0 67 a5 50 2a 42 62 b5 // DCID length 0, SCID length 8 and SCID
                04 a2 65 ba               // 4 bytes: no room for a token and a 16-byte tag
                """)));
    }

    @Test
    void shouldOpenTheClientInitialOfRfc9001AppendixA2() throws IOException {
        byte[] datagram = resource("rfc9001-a2-client-initial.hex");

        assertEquals(ParseStatus.COMPLETE, parse(datagram));
        assertEquals(1, connection.packetsDecrypted());
        assertEquals(0x00000001, connection.version());
        assertEquals("example.com", hello.serverName());
        assertEquals("alpn", hello.alpn(0));
        assertEquals(0x0304, hello.highestVersion());
        assertEquals("q13d0211an", new Ja4().fingerprint(hello, Ja4.Transport.QUIC).substring(0, 10));
    }

    @Test
    void shouldOpenTheVersion2ClientInitialOfRfc9369AppendixA2() throws IOException {
        byte[] datagram = resource("rfc9369-a2-client-initial.hex");

        assertEquals(ParseStatus.COMPLETE, parse(datagram));
        assertEquals(0x6b3343cf, connection.version());
        assertEquals("example.com", hello.serverName());
    }

    @Test
    void shouldReassembleCryptoDataFromInitialsArrivingOutOfOrder() throws Exception {
        byte[] handshake = new HelloBuilder().serverName("reordered.example").alpn("h3").handshake();
        int third = handshake.length / 3;
        byte[] first = seal(0, QuicInitialSealer.crypto(0, handshake, 0, third));
        byte[] second = seal(1, QuicInitialSealer.crypto(third, handshake, third, 2 * third));
        byte[] last = seal(2, QuicInitialSealer.crypto(2 * third, handshake, 2 * third, handshake.length));

        assertEquals(ParseStatus.NEED_MORE_DATA, parse(last));
        assertEquals(ParseStatus.NEED_MORE_DATA, parse(first));
        assertEquals(ParseStatus.COMPLETE, parse(second));
        assertEquals("reordered.example", hello.serverName());
        assertEquals(3, connection.packetsDecrypted());
    }

    @Test
    void shouldReadOverlappingCryptoFramesInOnePacket() throws Exception {
        byte[] handshake = new HelloBuilder().serverName("overlap.example").handshake();
        byte[] frames = QuicInitialSealer.concat(
                QuicInitialSealer.crypto(10, handshake, 10, handshake.length),
                Hex.bytes("01 00 00"),                                   // PING, PADDING, PADDING
                QuicInitialSealer.crypto(0, handshake, 0, 20));          // overlaps the first frame

        assertEquals(ParseStatus.COMPLETE, parse(seal(0, frames)));
        assertEquals("overlap.example", hello.serverName());
    }

    @Test
    void shouldKeepTheFirstCopyOfOverlappingCryptoBytesAndCountTheConflict() throws Exception {
        byte[] handshake = new HelloBuilder().serverName("first.example").handshake();
        byte[] forged = new HelloBuilder().serverName("forge.example").handshake();
        byte[] head = seal(0, QuicInitialSealer.crypto(0, handshake, 0, handshake.length - 5));
        byte[] replacement = seal(1, QuicInitialSealer.crypto(0, forged, 0, forged.length));

        assertEquals(ParseStatus.NEED_MORE_DATA, parse(head));
        assertEquals(ParseStatus.COMPLETE, parse(replacement));
        assertEquals("first.example", hello.serverName());
        assertEquals(1, connection.conflictingFrames());
    }

    @Test
    void shouldNotCountAnIdenticalRetransmissionOfCryptoBytes() throws Exception {
        byte[] handshake = new HelloBuilder().serverName("again.example").handshake();
        assertEquals(ParseStatus.NEED_MORE_DATA, parse(seal(0, QuicInitialSealer.crypto(0, handshake, 0, 30))));
        assertEquals(ParseStatus.COMPLETE,
                parse(seal(1, QuicInitialSealer.crypto(0, handshake, 0, handshake.length))));
        assertEquals("again.example", hello.serverName());
        assertEquals(0, connection.conflictingFrames());
    }

    @Test
    void shouldOpenTheInitialAmongCoalescedPackets() throws Exception {
        byte[] handshake = new HelloBuilder().serverName("coalesced.example").handshake();
        byte[] initial = seal(0, QuicInitialSealer.crypto(0, handshake, 0, handshake.length));
        byte[] datagram = QuicInitialSealer.concat(initial, Hex.bytes("""
                e0 00 00 00 01            // long header, Handshake (2), version 1
                00 00                     // DCID length 0, SCID length 0
                05 11 22 33 44 55         // Length 5, five protected bytes (not opened)
                40 00 00 00 00 00         // a short header packet: ends the walk
                """));

        assertEquals(ParseStatus.COMPLETE, parse(datagram));
        assertEquals("coalesced.example", hello.serverName());
    }

    @Test
    void shouldWalkAckAndConnectionCloseFramesAndStopAtOthers() throws Exception {
        byte[] handshake = new HelloBuilder().serverName("frames.example").handshake();
        byte[] frames = QuicInitialSealer.concat(Hex.bytes("""
                03 05 00 01 00 01 01 01 02 03 // ACK_ECN: largest 5, delay 0, 1 range, first 0, gap 1, len 1, ECN 1 2 3
                """), QuicInitialSealer.crypto(0, handshake, 0, handshake.length), Hex.bytes("""
                1c 00 06 00               // CONNECTION_CLOSE: error 0, frame type CRYPTO, empty reason
                """));
        assertEquals(ParseStatus.COMPLETE, parse(seal(0, frames)));

        connection.reset();
        byte[] stopped = QuicInitialSealer.concat(QuicInitialSealer.crypto(0, handshake, 0, handshake.length),
                Hex.bytes("08 00 ff ff"));                              // STREAM frame: not allowed, walk stops
        assertEquals(ParseStatus.COMPLETE, parse(seal(0, stopped)));
        assertEquals("frames.example", hello.serverName());
    }

    @Test
    void shouldCountCryptoDataBeyondTheCapacity() throws Exception {
        QuicCryptoAssembler small = new QuicCryptoAssembler(64);
        byte[] handshake = new HelloBuilder().serverName("too-big.example").handshake();
        byte[] datagram = seal(0, QuicInitialSealer.crypto(0, handshake, 0, handshake.length));

        int status = parser.parse(MemorySegment.ofArray(datagram), 0, datagram.length, small, hello);

        assertEquals(ParseStatus.NEED_MORE_DATA, status);
        assertEquals(64, small.contiguousLength());
        assertEquals(handshake.length - 64, small.droppedBytes());
    }

    @Test
    void shouldReadNoFurtherThanTheLargestDatagram() {
        byte[] header = Hex.bytes("""
                c0 00 00 00 01 00 00 00   // Initial v1, DCID 0, SCID 0, token 0
                80 01 11 70               // Length 70000: fits the bytes handed over, not a UDP datagram
                """);
        byte[] joined = Arrays.copyOf(header, 80_000);

        assertMalformed(Malformation.QUIC_LENGTH_BEYOND_DATAGRAM, joined);
    }

    @Test
    void shouldSayNotThisProtocolForOtherDatagrams() {
        assertEquals(ParseStatus.NOT_THIS_PROTOCOL, parse(Hex.bytes("""
                40 01 02 03 04 05 06 07   // short header packet
                """)));
        assertEquals(ParseStatus.NOT_THIS_PROTOCOL, parse(Hex.bytes("""
                c0 ff 00 00 1d 08 01 02 03 04 05 06 07 08 00 00 // long header, draft-29 version
                """)));
        assertEquals(ParseStatus.NOT_THIS_PROTOCOL, parse(Hex.bytes("""
                c0 00 00 00 00 08         // version negotiation (version 0)
                """)));
        assertEquals(ParseStatus.NOT_THIS_PROTOCOL, parse("GET / HTTP/1.1\r\n".getBytes(StandardCharsets.US_ASCII)));
    }

    @Test
    void shouldRejectAConnectionIdLongerThan20Bytes() {
        assertMalformed(Malformation.QUIC_CONNECTION_ID_TOO_LONG, Hex.bytes("""
                c0 00 00 00 01            // Initial, version 1
                15                        // DCID length 21
                """ + "00".repeat(21)));
    }

    @Test
    void shouldRejectAHeaderCutShortBeforeTheLengthField() {
        assertMalformed(Malformation.QUIC_HEADER_TRUNCATED, Hex.bytes("""
                c0 00 00 00 01            // Initial, version 1
                08 01 02 03 04 05 06 07 08 // DCID
                00                        // SCID length 0
                44                        // token length: first byte of a 2-byte varint, then nothing
                """));
    }

    @Test
    void shouldRejectALengthBeyondTheDatagram() {
        assertMalformed(Malformation.QUIC_LENGTH_BEYOND_DATAGRAM, Hex.bytes("""
                c0 00 00 00 01 00 00 00   // Initial v1, DCID 0, SCID 0, token 0
                44 d0                     // Length 1232
                00 01 02 03               // only 4 bytes follow
                """));
    }

    @Test
    void shouldRejectAnInitialTooShortForTheHeaderProtectionSample() {
        assertMalformed(Malformation.QUIC_PACKET_TOO_SHORT, Hex.bytes("""
                c0 00 00 00 01 00 00 00   // Initial v1, DCID 0, SCID 0, token 0
                0a                        // Length 10: less than 4 + 16 bytes for the sample
                00 01 02 03 04 05 06 07 08 09
                """));
    }

    @Test
    void shouldRejectAnInitialWhoseTagDoesNotVerify() throws Exception {
        byte[] datagram = resource("rfc9001-a2-client-initial.hex");
        datagram[datagram.length - 1] ^= 1;
        assertMalformed(Malformation.QUIC_DECRYPTION_FAILED, datagram);
    }

    @Test
    void shouldRejectACryptoFrameLongerThanThePayload() throws Exception {
        assertMalformed(Malformation.QUIC_FRAME_TRUNCATED, seal(0, Hex.bytes("""
                06 00 44 00               // CRYPTO, offset 0, length 1024: beyond the payload
                00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00
                """)));
    }

    @Test
    void shouldRejectAnAckWithMoreRangesThanTheCap() throws Exception {
        assertMalformed(Malformation.QUIC_TOO_MANY_ACK_RANGES, seal(0, Hex.bytes("""
                02 00 00 41 01 00         // ACK: largest 0, delay 0, range count 257, first range 0
                """)));
    }

    @Test
    void shouldRejectMorePacketsInADatagramThanTheCap() {
        String handshakePacket = "e0 00 00 00 01 00 00 01 00 "; // Handshake v1, empty CIDs, Length 1, 1 byte
        assertMalformed(Malformation.QUIC_TOO_MANY_PACKETS,
                Hex.bytes(handshakePacket.repeat(QuicInitialParser.MAX_PACKETS_PER_DATAGRAM + 1)));
    }

    @Test
    void shouldReportAMalformedHelloInTheCryptoStream() throws Exception {
        byte[] bad = Hex.bytes("""
                01 00 00 05               // client_hello, length 5
                03 03 00 00 00            // legacy_version, then 3 of the 32 random bytes
                """);
        assertMalformed(Malformation.TLS_HELLO_TRUNCATED, seal(0, QuicInitialSealer.crypto(0, bad, 0, bad.length)));
    }

    private void assertMalformed(Malformation expected, byte[] datagram) {
        connection.reset();
        assertEquals(ParseStatus.name(ParseStatus.MALFORMED), ParseStatus.name(parse(datagram)));
        assertEquals(expected, connection.malformation());
    }

    private void assertMalformedKeepingKeys(Malformation expected, int status) {
        assertEquals(ParseStatus.name(ParseStatus.MALFORMED), ParseStatus.name(status));
        assertEquals(expected, connection.malformation());
    }

    /** The client's hello of an RFC's client Initial read, the connection turns to the server's Initials. */
    private void startServerAfter(String clientInitial) throws IOException {
        assertEquals(ParseStatus.COMPLETE, parse(resource(clientInitial)));
        connection.startServer();
    }

    private int parseServer(byte[] datagram) {
        return parser.parseServer(MemorySegment.ofArray(datagram), 0, datagram.length, connection, server);
    }

    private static byte[] sealServer(long packetNumber, byte[] frames) throws Exception {
        return QuicInitialSealer.sealServer(QuicVersion.V1, RFC_DESTINATION_ID, packetNumber, frames);
    }

    private int parse(byte[] datagram) {
        return parser.parse(MemorySegment.ofArray(datagram), 0, datagram.length, connection, hello);
    }

    private static byte[] seal(long packetNumber, byte[] frames) throws Exception {
        return QuicInitialSealer.seal(QuicVersion.V1, RFC_DESTINATION_ID, packetNumber, frames);
    }

    static byte[] resource(String name) throws IOException {
        try (InputStream in = QuicInitialParserTest.class.getResourceAsStream(name)) {
            String text = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
            return Hex.bytes(text.replaceAll("(?m)^#.*$", ""));
        }
    }

    private static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }

    @Test
    void shouldRecogniseALongHeaderWithTheFixedBit() {
        assertTrue(QuicInitialParser.startsLongHeader(0xc3)); // long header, fixed bit, Initial, 4-byte number
        assertTrue(QuicInitialParser.startsLongHeader(0xf0)); // long header, fixed bit, Retry
        assertFalse(QuicInitialParser.startsLongHeader(0x43)); // short header (1-RTT)
        assertFalse(QuicInitialParser.startsLongHeader(0x80)); // long header without the fixed bit
    }
}
