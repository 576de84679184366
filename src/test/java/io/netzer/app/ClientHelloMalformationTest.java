package io.netzer.app;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** One case per way a ClientHello can be malformed or exceed a cap; each names the field it breaks. */
class ClientHelloMalformationTest {
    private final ClientHelloParser parser = new ClientHelloParser();
    private final ClientHello hello = new ClientHello();

    @Test
    void shouldRejectAnEmptyHandshakeRecord() {
        assertMalformed(Malformation.TLS_RECORD_EMPTY, Hex.bytes("""
                16 03 01 00 00            // record: handshake, length 0 (forbidden for handshake records)
                01                        // would-be handshake type
                """));
    }

    @Test
    void shouldRejectARecordLongerThanTwoToTheFourteen() {
        assertMalformed(Malformation.TLS_RECORD_TOO_LONG, Hex.bytes("""
                16 03 01 40 01            // record: handshake, length 16385 (2^14 + 1)
                01 00 00 05               // client_hello, length 5
                """));
    }

    @Test
    void shouldRejectAnotherRecordTypeBeforeTheHelloIsComplete() {
        byte[] handshake = new HelloBuilder().handshake();
        byte[] first = HelloBuilder.records(Arrays.copyOf(handshake, 10), 10);
        byte[] stream = concat(first, Hex.bytes("""
                15 03 03 00 02 02 28      // alert record (21) where the rest of the hello should be
                """));
        assertMalformed(Malformation.TLS_RECORD_NOT_HANDSHAKE, stream);
    }

    @Test
    void shouldRejectAHandshakeMessageLongerThanTheCap() {
        assertMalformed(Malformation.TLS_HANDSHAKE_TOO_LONG, Hex.bytes("""
                16 03 01 00 04            // record: handshake, length 4
                01 01 00 00               // client_hello, length 65536 (over the 64 KiB cap with its header)
                """));
        assertEquals(ParseStatus.MALFORMED, parser.parseHandshake(Hex.segment("01 01 00 00"), 0, 4, hello));
        assertEquals(Malformation.TLS_HANDSHAKE_TOO_LONG, hello.malformation());
    }

    @Test
    void shouldRejectAHelloTooShortForVersionAndRandom() {
        assertMalformed(Malformation.TLS_HELLO_TRUNCATED, Hex.bytes("""
                16 03 01 00 07            // record: handshake, length 7
                01 00 00 03               // client_hello, length 3
                03 03 00                  // legacy_version, then one byte of the 32-byte random
                """));
    }

    @Test
    void shouldRejectASessionIdLongerThan32Bytes() {
        assertMalformed(Malformation.TLS_SESSION_ID_TOO_LONG, new HelloBuilder().sessionId(new byte[33]).record());
    }

    @Test
    void shouldRejectAnOddCipherSuitesLength() {
        byte[] stream = new HelloBuilder().cipherSuites(0x1301).noExtensions().record();
        // cipher_suites length sits after record (5), handshake header (4), version (2), random (32), id (1 + 32)
        int lengthOffset = 5 + 4 + 2 + 32 + 1 + 32;
        stream[lengthOffset + 1] = 3;
        assertMalformed(Malformation.TLS_CIPHER_SUITES_LENGTH, stream);
    }

    @Test
    void shouldRejectAnEmptyCipherSuitesList() {
        assertMalformed(Malformation.TLS_CIPHER_SUITES_LENGTH, new HelloBuilder().cipherSuites().record());
    }

    @Test
    void shouldRejectMoreCipherSuitesThanTheCap() {
        int[] suites = new int[ClientHello.MAX_CIPHER_SUITES + 1];
        assertMalformed(Malformation.TLS_TOO_MANY_CIPHER_SUITES, new HelloBuilder().cipherSuites(suites).record());
    }

    @Test
    void shouldRejectAnEmptyCompressionMethodsList() {
        byte[] stream = new HelloBuilder().noExtensions().record();
        // the hello ends with compression length (1) and the null method (0): make the length 0 and drop a byte
        stream[stream.length - 2] = 0;
        byte[] shorter = Arrays.copyOf(stream, stream.length - 1);
        shorter[4]--;                                     // record length
        shorter[8]--;                                     // handshake length (low byte)
        assertMalformed(Malformation.TLS_COMPRESSION_METHODS_LENGTH, shorter);
    }

    @Test
    void shouldRejectAnExtensionsLengthThatDisagreesWithTheMessage() {
        byte[] stream = new HelloBuilder().serverName("a.example").record();
        int extensionsLengthOffset = 5 + 4 + 2 + 32 + 1 + 32 + 2 + 2 + 2;
        stream[extensionsLengthOffset + 1]++;
        assertMalformed(Malformation.TLS_EXTENSIONS_LENGTH, stream);
    }

    @Test
    void shouldRejectAnExtensionThatRunsPastTheBlock() {
        assertMalformed(Malformation.TLS_EXTENSION_TRUNCATED,
                new HelloBuilder().extension(0x0017, new byte[0]).extension(0x0023, new byte[0]).record(),
                stream -> stream[stream.length - 1] = 1); // session_ticket length 1 with no data after it
    }

    @Test
    void shouldRejectAnExtensionHeaderCutShort() {
        assertMalformed(Malformation.TLS_EXTENSION_TRUNCATED,
                new HelloBuilder().extension(0x0017, new byte[] {0, 0}).record(),
                stream -> {
                    // turn "00 17 00 02 00 00" into "00 17 00 00" + "00 00": a second, 2-byte extension header
                    stream[stream.length - 3] = 0;
                });
    }

    @Test
    void shouldRejectMoreExtensionsThanTheCap() {
        HelloBuilder builder = new HelloBuilder();
        for (int i = 0; i <= ClientHello.MAX_EXTENSIONS; i++) {
            builder.extension(0x1000 + i, new byte[0]);
        }
        assertMalformed(Malformation.TLS_TOO_MANY_EXTENSIONS, builder.record());
    }

    @Test
    void shouldRejectAServerNameListLengthThatDisagreesWithTheExtension() {
        assertMalformed(Malformation.TLS_SERVER_NAME_MALFORMED, new HelloBuilder().extension(0x0000, Hex.bytes("""
                00 05                     // server_name_list length 5, but only 4 bytes follow
                00 00 01 61               // host_name, length 1, "a"
                """)).record());
    }

    @Test
    void shouldRejectAServerNameEntryThatRunsPastTheList() {
        assertMalformed(Malformation.TLS_SERVER_NAME_MALFORMED, new HelloBuilder().extension(0x0000, Hex.bytes("""
                00 04                     // server_name_list length 4
                00 00 05 61               // host_name, length 5, but only "a" follows
                """)).record());
    }

    @Test
    void shouldRejectAServerNameLongerThanTheCap() {
        byte[] name = new byte[ClientHello.MAX_SERVER_NAME_LENGTH + 1];
        Arrays.fill(name, (byte) 'a');
        assertMalformed(Malformation.TLS_SERVER_NAME_TOO_LONG, new HelloBuilder().serverName(name).record());
    }

    @Test
    void shouldRejectAnAlpnEntryThatRunsPastTheList() {
        assertMalformed(Malformation.TLS_ALPN_MALFORMED, new HelloBuilder().extension(0x0010, Hex.bytes("""
                00 03                     // protocol_name_list length 3
                05 68 32                  // name length 5, but only "h2" follows
                """)).record());
    }

    @Test
    void shouldRejectAnAlpnListLengthThatDisagreesWithTheExtension() {
        assertMalformed(Malformation.TLS_ALPN_MALFORMED, new HelloBuilder().extension(0x0010, Hex.bytes("""
                00 09                     // protocol_name_list length 9, but 3 bytes follow
                02 68 32                  // "h2"
                """)).record());
    }

    @Test
    void shouldRejectMoreAlpnProtocolsThanTheCap() {
        String[] protocols = new String[ClientHello.MAX_ALPN_PROTOCOLS + 1];
        Arrays.fill(protocols, "h2");
        assertMalformed(Malformation.TLS_TOO_MANY_ALPN_PROTOCOLS, new HelloBuilder().alpn(protocols).record());
    }

    @Test
    void shouldRejectAnOddSupportedVersionsList() {
        assertMalformed(Malformation.TLS_SUPPORTED_VERSIONS_MALFORMED,
                new HelloBuilder().extension(0x002b, Hex.bytes("""
                        03 03 04 03               // versions length 3 (odd): 0x0304 and half a version
                        """)).record());
    }

    @Test
    void shouldRejectAnEmptySupportedVersionsExtension() {
        assertMalformed(Malformation.TLS_SUPPORTED_VERSIONS_MALFORMED,
                new HelloBuilder().extension(0x002b, new byte[0]).record());
    }

    @Test
    void shouldRejectASignatureAlgorithmsListLengthThatDisagrees() {
        assertMalformed(Malformation.TLS_SIGNATURE_ALGORITHMS_MALFORMED,
                new HelloBuilder().extension(0x000d, Hex.bytes("""
                        00 04 04 03               // list length 4, but one scheme (2 bytes) follows
                        """)).record());
    }

    @Test
    void shouldRejectMoreSignatureAlgorithmsThanTheCap() {
        int[] schemes = new int[ClientHello.MAX_SIGNATURE_ALGORITHMS + 1];
        assertMalformed(Malformation.TLS_TOO_MANY_SIGNATURE_ALGORITHMS,
                new HelloBuilder().signatureAlgorithms(schemes).record());
    }

    private void assertMalformed(Malformation expected, byte[] stream, Consumer<byte[]> edit) {
        edit.accept(stream);
        assertMalformed(expected, stream);
    }

    private void assertMalformed(Malformation expected, byte[] stream) {
        assertEquals(ParseStatus.name(ParseStatus.MALFORMED),
                ParseStatus.name(parser.parse(MemorySegment.ofArray(stream), 0, stream.length, hello)));
        assertEquals(expected, hello.malformation());
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
