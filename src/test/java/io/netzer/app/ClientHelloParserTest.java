package io.netzer.app;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ClientHelloParserTest {
    /** A small but complete TLS 1.3 ClientHello in one record, with GREASE, SNI, ALPN and ECH. */
    static final String HAND_BUILT_HELLO = """
            16 03 01 00 61            // record: handshake (22), legacy_record_version 0x0301, length 97
            01 00 00 5d               // handshake: client_hello (1), length 93
            03 03                     // legacy_version: TLS 1.2 (0x0303)
            00000000000000000000000000000000 00000000000000000000000000000000 // random (32 bytes)
            00                        // legacy_session_id: empty
            00 04 0a 0a 13 01         // cipher_suites: length 4, GREASE 0x0a0a, TLS_AES_128_GCM_SHA256
            01 00                     // legacy_compression_methods: length 1, null
            00 30                     // extensions: length 48
            00 00 00 0e               // server_name (0), length 14
            00 0c 00 00 09            //   list length 12, host_name (0), name length 9
            6c 6f 63 61 6c 68 6f 73 74 //  "localhost"
            00 10 00 05               // application_layer_protocol_negotiation (16), length 5
            00 03 02 68 32            //   list length 3, "h2"
            00 2b 00 05               // supported_versions (43), length 5
            04 7a 7a 03 04            //   list length 4, GREASE 0x7a7a, TLS 1.3
            00 0d 00 04               // signature_algorithms (13), length 4
            00 02 04 03               //   list length 2, ecdsa_secp256r1_sha256
            fe 0d 00 00               // encrypted_client_hello (0xfe0d), length 0
            """;

    private final ClientHelloParser parser = new ClientHelloParser();
    private final ClientHello hello = new ClientHello();

    @Test
    void shouldDecodeEveryFieldOfAHandBuiltHello() {
        byte[] bytes = Hex.bytes(HAND_BUILT_HELLO);

        assertEquals(ParseStatus.COMPLETE, parser.parse(MemorySegment.ofArray(bytes), 0, bytes.length, hello));

        assertEquals(0x0303, hello.legacyVersion());
        assertEquals(2, hello.cipherSuiteCount());
        assertEquals(0x0a0a, hello.cipherSuite(0));
        assertTrue(Grease.isGrease(hello.cipherSuite(0)));
        assertEquals(0x1301, hello.cipherSuite(1));
        assertEquals(5, hello.extensionCount());
        assertEquals(0x0000, hello.extensionType(0));
        assertEquals(0xfe0d, hello.extensionType(4));
        assertEquals("localhost", hello.serverName());
        assertEquals(1, hello.alpnCount());
        assertEquals("h2", hello.alpn(0));
        assertEquals(2, hello.supportedVersionCount());
        assertEquals(0x0304, hello.highestVersion());
        assertEquals(1, hello.signatureAlgorithmCount());
        assertEquals(0x0403, hello.signatureAlgorithm(0));
        assertTrue(hello.encryptedClientHello());
        assertEquals(Malformation.NONE, hello.malformation());
    }

    @Test
    void shouldAskForMoreDataForEveryProperPrefix() {
        byte[] bytes = Hex.bytes(HAND_BUILT_HELLO);
        MemorySegment segment = MemorySegment.ofArray(bytes);

        for (int length = 0; length < bytes.length; length++) {
            assertEquals(ParseStatus.NEED_MORE_DATA, parser.parse(segment, 0, length, hello), "prefix " + length);
        }
    }

    @Test
    void shouldFindTheHelloAtAnOffsetInsideALargerSegment() {
        byte[] hello = Hex.bytes(HAND_BUILT_HELLO);
        byte[] buffer = new byte[hello.length + 100];
        System.arraycopy(hello, 0, buffer, 37, hello.length);

        assertEquals(ParseStatus.COMPLETE, parser.parse(MemorySegment.ofArray(buffer), 37, hello.length, this.hello));
        assertEquals("localhost", this.hello.serverName());
    }

    @Test
    void shouldJoinAHelloSplitOverTwoRecordsAtEveryPosition() {
        byte[] handshake = new HelloBuilder().serverName("split.example").alpn("h2", "http/1.1").handshake();

        for (int first = 1; first < handshake.length; first++) {
            byte[] stream = twoRecords(handshake, first);
            MemorySegment segment = MemorySegment.ofArray(stream);
            assertEquals(ParseStatus.COMPLETE, parser.parse(segment, 0, stream.length, hello), "split " + first);
            assertEquals("split.example", hello.serverName(), "split " + first);
            assertEquals("http/1.1", hello.alpn(1), "split " + first);
            for (int length = 0; length < stream.length; length++) {
                assertEquals(ParseStatus.NEED_MORE_DATA, parser.parse(segment, 0, length, hello),
                        "split " + first + " prefix " + length);
            }
        }
    }

    @Test
    void shouldJoinAHelloCutIntoManySmallRecords() {
        byte[] handshake = new HelloBuilder().serverName("tiny.records.example").handshake();
        byte[] stream = HelloBuilder.records(handshake, 7);

        assertEquals(ParseStatus.COMPLETE, parser.parse(MemorySegment.ofArray(stream), 0, stream.length, hello));
        assertEquals("tiny.records.example", hello.serverName());
    }

    @Test
    void shouldJoinAHelloSpreadOverFarMoreThan64Records() {
        byte[] handshake = new HelloBuilder().serverName("one.byte.records.example").alpn("h2").handshake();
        byte[] stream = HelloBuilder.records(handshake, 1);

        assertEquals(ParseStatus.COMPLETE, parser.parse(MemorySegment.ofArray(stream), 0, stream.length, hello));
        assertEquals("one.byte.records.example", hello.serverName());
    }

    @Test
    void shouldReadTheSameHelloAfterJoiningTheWholeRecordsOfAnyPrefix() {
        byte[] handshake = new HelloBuilder().serverName("joined.example").alpn("h2", "http/1.1").handshake();
        byte[] records = HelloBuilder.records(handshake, 3);
        byte[] stream = new byte[6 + records.length];
        System.arraycopy(Hex.bytes("14 03 03 00 01 01"), 0, stream, 0, 6);   // change_cipher_spec record
        System.arraycopy(records, 0, stream, 6, records.length);
        for (int cut = 0; cut <= stream.length; cut++) {
            byte[] buffer = Arrays.copyOf(stream, stream.length);
            int kept = ClientHelloParser.compactRecords(MemorySegment.ofArray(buffer), cut);
            System.arraycopy(stream, cut, buffer, kept, stream.length - cut);
            int length = kept + stream.length - cut;
            assertEquals(ParseStatus.COMPLETE, parser.parse(MemorySegment.ofArray(buffer), 0, length, hello),
                    "cut at " + cut);
            assertEquals("joined.example", hello.serverName(), "cut at " + cut);
        }
        byte[] whole = Arrays.copyOf(stream, stream.length);
        int joined = ClientHelloParser.compactRecords(MemorySegment.ofArray(whole), whole.length);
        assertEquals(6 + 5 + handshake.length, joined, "one change_cipher_spec record, then one handshake record");
    }

    @Test
    void shouldJoinRecordsIntoRecordsOfAtMost16KiB() {
        byte[] handshake = new HelloBuilder().serverName("big.example").extension(0x0015, new byte[40_000])
                .handshake();
        byte[] stream = HelloBuilder.records(handshake, 1000);
        int joined = ClientHelloParser.compactRecords(MemorySegment.ofArray(stream), stream.length);
        int records = (handshake.length + (1 << 14) - 1) >> 14;
        assertEquals(handshake.length + 5 * records, joined);
        assertEquals(ParseStatus.COMPLETE, parser.parse(MemorySegment.ofArray(stream), 0, joined, hello));
        assertEquals("big.example", hello.serverName());
    }

    @Test
    void shouldIgnoreTheMessageThatFollowsTheHelloInTheSameRecord() {
        byte[] handshake = new HelloBuilder().serverName("first.example").handshake();
        byte[] twoMessages = new byte[handshake.length * 2];
        System.arraycopy(handshake, 0, twoMessages, 0, handshake.length);
        System.arraycopy(handshake, 0, twoMessages, handshake.length, handshake.length);
        byte[] stream = HelloBuilder.records(twoMessages, twoMessages.length);

        assertEquals(ParseStatus.COMPLETE, parser.parse(MemorySegment.ofArray(stream), 0, stream.length, hello));
        assertEquals("first.example", hello.serverName());
    }

    @Test
    void shouldParseBareHandshakeMessagesAsQuicCarriesThem() {
        byte[] handshake = new HelloBuilder().serverName("quic.example").alpn("h3").handshake();
        MemorySegment segment = MemorySegment.ofArray(handshake);

        assertEquals(ParseStatus.COMPLETE, parser.parseHandshake(segment, 0, handshake.length, hello));
        assertEquals("quic.example", hello.serverName());
        assertEquals(ParseStatus.NEED_MORE_DATA, parser.parseHandshake(segment, 0, handshake.length - 1, hello));
        assertEquals(ParseStatus.NEED_MORE_DATA, parser.parseHandshake(segment, 0, 0, hello));
    }

    @Test
    void shouldStepOverTheCompatibilityChangeCipherSpecBeforeASecondHello() {
        byte[] hello = new HelloBuilder().serverName("retry.example").record();
        byte[] stream = new byte[6 + hello.length];
        System.arraycopy(Hex.bytes("14 03 03 00 01 01"), 0, stream, 0, 6); // change_cipher_spec, length 1, value 1
        System.arraycopy(hello, 0, stream, 6, hello.length);
        MemorySegment segment = MemorySegment.ofArray(stream);

        assertEquals(ParseStatus.COMPLETE, parser.parse(segment, 0, stream.length, this.hello));
        assertEquals("retry.example", this.hello.serverName());
        for (int length = 0; length < stream.length; length++) {
            assertEquals(ParseStatus.NEED_MORE_DATA, parser.parse(segment, 0, length, this.hello), "prefix " + length);
        }
        assertEquals(ParseStatus.NOT_THIS_PROTOCOL, parser.parse(Hex.segment("14 03 03 00 02 01 01"), 0, 7,
                this.hello));                                                  // change_cipher_spec of length 2
    }

    @Test
    void shouldAcceptAHelloWithoutExtensions() {
        byte[] stream = new HelloBuilder().legacyVersion(0x0301).noExtensions().record();

        assertEquals(ParseStatus.COMPLETE, parser.parse(MemorySegment.ofArray(stream), 0, stream.length, hello));
        assertEquals(0, hello.extensionCount());
        assertNull(hello.serverName());
        assertFalse(hello.hasServerNameExtension());
        assertEquals(0x0301, hello.highestVersion());
    }

    @Test
    void shouldKeepServerNameBytesThatAreNotUtf8() {
        byte[] name = {'a', (byte) 0xff, 'b', '\\', (byte) 0xc3, (byte) 0xa9};
        byte[] stream = new HelloBuilder().serverName(name).record();

        assertEquals(ParseStatus.COMPLETE, parser.parse(MemorySegment.ofArray(stream), 0, stream.length, hello));
        byte[] raw = new byte[hello.serverNameLength()];
        hello.copyServerName(raw);
        assertArrayEquals(name, raw);
        assertEquals("a\\xffb\\\\é", hello.serverName());
    }

    @Test
    void shouldSayNotThisProtocolForOtherStreams() {
        assertNotTls("GET / HTTP/1.1\r\n".getBytes(StandardCharsets.US_ASCII));
        assertNotTls(Hex.bytes("80 2e 01 00 02"));                    // SSL 2.0 CLIENT-HELLO header
        assertNotTls(Hex.bytes("16 fe fd 00 10"));                    // DTLS 1.2 record version on TCP
        assertNotTls(Hex.bytes("16 03 03 00 04 02 00 00 00"));        // handshake record holding a ServerHello (2)
        assertNotTls(Hex.bytes("17 03 03 00 10"));                    // application_data record first
        assertEquals(ParseStatus.NOT_THIS_PROTOCOL,
                parser.parseHandshake(Hex.segment("02 00 00 00"), 0, 4, hello)); // bare ServerHello
    }

    private void assertNotTls(byte[] bytes) {
        assertEquals(ParseStatus.NOT_THIS_PROTOCOL, parser.parse(MemorySegment.ofArray(bytes), 0, bytes.length, hello));
    }

    static byte[] twoRecords(byte[] handshake, int first) {
        byte[] a = HelloBuilder.records(Arrays.copyOfRange(handshake, 0, first), first);
        byte[] b = HelloBuilder.records(Arrays.copyOfRange(handshake, first, handshake.length),
                handshake.length - first);
        byte[] stream = new byte[a.length + b.length];
        System.arraycopy(a, 0, stream, 0, a.length);
        System.arraycopy(b, 0, stream, a.length, b.length);
        return stream;
    }

    @Test
    void shouldRecogniseAStreamStartingWithAHandshakeOrAChangeCipherSpecRecord() {
        assertTrue(ClientHelloParser.startsTlsRecord(22)); // handshake
        assertTrue(ClientHelloParser.startsTlsRecord(20)); // change_cipher_spec, middlebox compatibility mode
        assertFalse(ClientHelloParser.startsTlsRecord(23)); // application_data: the hello was missed
        assertFalse(ClientHelloParser.startsTlsRecord('G')); // an HTTP request line
    }
}
