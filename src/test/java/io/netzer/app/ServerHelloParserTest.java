package io.netzer.app;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * The server's first flight: TLS 1.3 and 1.2 ServerHellos, HelloRetryRequest, the certificate of a 1.2 flight,
 * messages split over records and records over deliveries, one case per malformation, and a fuzz pass (every
 * truncation, every length byte flipped) that must never throw.
 */
class ServerHelloParserTest {
    private final ServerHelloParser parser = new ServerHelloParser();
    private final ServerHello hello = new ServerHello();

    @Test
    void shouldReadTheNegotiatedVersionCipherAndAlpnOfATls13Hello() {
        byte[] flight = ServerHelloBuilder.tls13Flight();
        assertEquals(ParseStatus.COMPLETE, parse(flight));
        assertTrue(hello.present());
        assertEquals(0x0303, hello.legacyVersion());
        assertEquals(0x0304, hello.version());
        assertEquals(0x1301, hello.cipherSuite());
        assertEquals("h2", hello.alpn());
        assertFalse(hello.helloRetryRequest());
        assertEquals(2, hello.extensionCount());
        assertEquals(0x002b, hello.extensionType(0));
        assertEquals(0x0010, hello.extensionType(1));
        // The flight ends with the ServerHello's record: the change_cipher_spec record is the caller's next.
        assertEquals(new ServerHelloBuilder().selectedVersion(0x0304).alpn("h2").record().length, hello.consumed());
    }

    @Test
    void shouldRecogniseAHelloRetryRequestByItsRandom() {
        byte[] record = new ServerHelloBuilder().helloRetryRequest().selectedVersion(0x0304).cipherSuite(0x1302)
                .record();
        assertEquals(ParseStatus.COMPLETE, parse(record));
        assertTrue(hello.helloRetryRequest());
        assertEquals(0x1302, hello.cipherSuite());
        assertEquals(-1, hello.alpnLength());
    }

    @Test
    void shouldStepOverTheCompatibilityChangeCipherSpecBeforeTheHello() {
        byte[] record = new ServerHelloBuilder().selectedVersion(0x0304).record();
        byte[] flight = ServerHelloBuilder.concat(ServerHelloBuilder.record(20, new byte[] {1}), record);
        assertEquals(ParseStatus.COMPLETE, parse(flight));
        assertEquals(flight.length, hello.consumed());
    }

    @Test
    void shouldKeepTheFirstCertificateOfATls12FlightSplitOverRecordsAndEndAtServerHelloDone() throws IOException {
        byte[] der = ServerHelloBuilder.certificateDer();
        byte[] handshake = ServerHelloBuilder.concat(
                new ServerHelloBuilder().cipherSuite(0xc02f).alpn("http/1.1").handshake(),
                ServerHelloBuilder.certificate(der, new byte[] {0x30, 0}), ServerHelloBuilder.serverHelloDone());
        byte[] flight = HelloBuilder.records(handshake, 100);
        byte[] stream = ServerHelloBuilder.concat(flight, ServerHelloBuilder.record(20, new byte[] {1}));
        assertEquals(ParseStatus.COMPLETE, parse(stream));
        assertEquals(0x0303, hello.version());
        assertEquals(0xc02f, hello.cipherSuite());
        assertEquals("http/1.1", hello.alpn());
        assertArrayEquals(der, Arrays.copyOf(hello.certificate(), hello.certificateLength()));
        assertEquals(flight.length, hello.consumed());
        for (int cut = 0; cut < flight.length; cut++) {
            assertEquals(ParseStatus.NEED_MORE_DATA, parse(Arrays.copyOf(flight, cut)), "cut at " + cut);
        }
    }

    @Test
    void shouldEndAResumedTls12FlightAtTheChangeCipherSpecRecord() {
        byte[] record = new ServerHelloBuilder().cipherSuite(0xc02f).record();
        byte[] stream = ServerHelloBuilder.concat(record, ServerHelloBuilder.record(20, new byte[] {1}));
        assertEquals(ParseStatus.NEED_MORE_DATA, parse(record), "whether more of the flight follows is unknown");
        assertEquals(ParseStatus.COMPLETE, parse(stream));
        assertEquals(record.length, hello.consumed());
        assertEquals(-1, hello.certificateLength());
    }

    @Test
    void shouldReadAHelloWithoutExtensions() {
        byte[] record = new ServerHelloBuilder().legacyVersion(0x0301).cipherSuite(0x0005).noExtensions().record();
        byte[] stream = ServerHelloBuilder.concat(record, ServerHelloBuilder.record(20, new byte[] {1}));
        assertEquals(ParseStatus.COMPLETE, parse(stream));
        assertEquals(0x0301, hello.version());
        assertEquals(0, hello.extensionCount());
    }

    @Test
    void shouldSayNotThisProtocolForAnAlertOrAClientHelloOrNoTlsRecord() {
        assertEquals(ParseStatus.NOT_THIS_PROTOCOL, parse(ServerHelloBuilder.record(21, new byte[] {2, 40})));
        assertEquals(ParseStatus.NOT_THIS_PROTOCOL, parse(new HelloBuilder().record()));
        assertEquals(ParseStatus.NOT_THIS_PROTOCOL, parse(Hex.bytes("48 54 54 50 2f 31 2e 31 20 32 30 30")));
    }

    @Test
    void shouldNameEveryMalformation() {
        assertMalformed(Malformation.TLS_RECORD_EMPTY, Hex.bytes("16 03 03 00 00"));
        assertMalformed(Malformation.TLS_RECORD_TOO_LONG, Hex.bytes("16 03 03 40 01"));
        assertMalformed(Malformation.TLS_HANDSHAKE_TOO_LONG, Hex.bytes("""
                16 03 03 00 04            // record: handshake, length 4
                02 01 00 00               // server_hello, length 65536
                """));
        assertMalformed(Malformation.TLS_HELLO_TRUNCATED, Hex.bytes("""
                16 03 03 00 07            // record: handshake, length 7
                02 00 00 03 03 03 00      // server_hello of 3 bytes: version, one byte of random
                """));
        byte[] body = Arrays.copyOfRange(new ServerHelloBuilder().noExtensions().handshake(), 4, 42);
        body[34] = 33;                    // legacy_session_id_echo length 33
        assertMalformed(Malformation.TLS_SESSION_ID_TOO_LONG, HelloBuilder.records(ServerHelloBuilder.message(2, body),
                100));
        assertMalformed(Malformation.TLS_EXTENSIONS_LENGTH, withExtensionBytes(Hex.bytes("00 05 00 2b 00")));
        assertMalformed(Malformation.TLS_EXTENSION_TRUNCATED, withExtensionBytes(Hex.bytes("00 03 00 2b 00")));
        assertMalformed(Malformation.TLS_SUPPORTED_VERSIONS_MALFORMED,
                new ServerHelloBuilder().extension(0x002b, new byte[] {3}).record());
        assertMalformed(Malformation.TLS_ALPN_MALFORMED,
                new ServerHelloBuilder().extension(0x0010, Hex.bytes("00 03 05 68 32")).record());
        ServerHelloBuilder many = new ServerHelloBuilder();
        for (int i = 0; i <= ServerHello.MAX_EXTENSIONS; i++) {
            many.extension(0xff00 + i, new byte[0]);
        }
        assertMalformed(Malformation.TLS_TOO_MANY_EXTENSIONS, many.record());
        byte[] badCertificate = HelloBuilder.records(ServerHelloBuilder.concat(new ServerHelloBuilder().handshake(),
                ServerHelloBuilder.message(11, Hex.bytes("00 00 09 00 00 20 01"))), 1000);
        assertMalformed(Malformation.TLS_CERTIFICATE_MALFORMED, badCertificate);
        byte[] notHandshake = ServerHelloBuilder.concat(Arrays.copyOf(new ServerHelloBuilder().record(), 20),
                Hex.bytes("17 03 03 00 01 00"));
        byte[] headerOnly = Arrays.copyOf(notHandshake, notHandshake.length);
        headerOnly[3] = 0;
        headerOnly[4] = 15;               // the first record holds 15 bytes of the hello, then application data
        assertMalformed(Malformation.TLS_RECORD_NOT_HANDSHAKE, headerOnly);
    }

    @Test
    void shouldNeverThrowOnAFlightCutAnywhereOrWithAnyLengthByteChanged() throws IOException {
        byte[] handshake = ServerHelloBuilder.concat(
                new ServerHelloBuilder().cipherSuite(0xc02f).alpn("h2").selectedVersion(0x0303).handshake(),
                ServerHelloBuilder.certificate(ServerHelloBuilder.certificateDer()),
                ServerHelloBuilder.serverHelloDone());
        byte[] flight = ServerHelloBuilder.concat(HelloBuilder.records(handshake, 300),
                ServerHelloBuilder.record(20, new byte[] {1}));
        for (int cut = 0; cut <= flight.length; cut++) {
            parse(Arrays.copyOf(flight, cut));
        }
        int[] values = {0x00, 0x01, 0x7f, 0x80, 0xfe, 0xff};
        for (int at = 0; at < flight.length; at++) {
            for (int value : values) {
                byte[] changed = flight.clone();
                changed[at] = (byte) value;
                int status = parse(changed);
                assertTrue(status >= ParseStatus.COMPLETE && status <= ParseStatus.MALFORMED);
                assertTrue(hello.consumed() <= changed.length);
                assertTrue(hello.certificateLength() <= ServerHello.MAX_CERTIFICATE_LENGTH);
            }
        }
    }

    /** A ServerHello whose extensions block is {@code extensions} as given (its length field included). */
    private static byte[] withExtensionBytes(byte[] extensions) {
        byte[] bare = new ServerHelloBuilder().noExtensions().handshake();
        byte[] body = ServerHelloBuilder.concat(Arrays.copyOfRange(bare, 4, bare.length), extensions);
        return HelloBuilder.records(ServerHelloBuilder.message(2, body), 1000);
    }

    private void assertMalformed(Malformation expected, byte[] stream) {
        assertEquals(ParseStatus.MALFORMED, parse(stream), expected.name());
        assertEquals(expected, hello.malformation());
    }

    private int parse(byte[] stream) {
        byte[] padded = Arrays.copyOf(stream, stream.length + 16);
        return parser.parse(MemorySegment.ofArray(padded).asSlice(0, stream.length), 0, stream.length, hello);
    }
}
