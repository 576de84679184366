package io.netzer.app;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.foreign.MemorySegment;
import org.junit.jupiter.api.Test;

/**
 * Vectors from the FoxIO JA4 specification (technical_details/JA4.md, "Example" and "Raw Output", and the same
 * values in rust/ja4/src/tls.rs test_client_stats_into_out): a Chrome hello with 15 cipher suites, 16 extensions,
 * ALPN h2 and 8 signature algorithms. The hello is rebuilt from the fields the vector lists, GREASE added to
 * prove it is ignored.
 */
class Ja4Test {
    private static final int[] SPEC_CIPHERS = {
        0x1301, 0x1302, 0x1303, 0xc02b, 0xc02f, 0xc02c, 0xc030, 0xcca9, 0xcca8, 0xc013, 0xc014, 0x009c, 0x009d,
        0x002f, 0x0035,
    };
    private static final int[] SPEC_EXTENSIONS_IN_ORDER = {
        0x001b, 0x0000, 0x0033, 0x0010, 0x4469, 0x0017, 0x002d, 0x000d, 0x0005, 0x0023, 0x0012, 0x002b, 0xff01,
        0x000b, 0x000a, 0x0015,
    };
    private static final int[] SPEC_SIGNATURE_ALGORITHMS = {
        0x0403, 0x0804, 0x0401, 0x0503, 0x0805, 0x0501, 0x0806, 0x0601,
    };

    private final Ja4 ja4 = new Ja4();

    @Test
    void shouldMatchTheSpecificationExample() {
        ClientHello hello = parse(specHello(true));

        assertEquals("t13d1516h2_8daaf6152771_e5627efa2ab1", ja4.fingerprint(hello, Ja4.Transport.TCP));
        assertEquals("t13d1516h2_002f,0035,009c,009d,1301,1302,1303,c013,c014,c02b,c02c,c02f,c030,cca8,cca9_"
                + "0005,000a,000b,000d,0012,0015,0017,001b,0023,002b,002d,0033,4469,ff01_"
                + "0403,0804,0401,0503,0805,0501,0806,0601", ja4.rawFingerprint(hello, Ja4.Transport.TCP));
        assertEquals("t13d1516h2_acb858a92679_18f69afefd3d", ja4.originalFingerprint(hello, Ja4.Transport.TCP));
        assertEquals("q13d1516h2_8daaf6152771_e5627efa2ab1", ja4.fingerprint(hello, Ja4.Transport.QUIC));
    }

    @Test
    void shouldHashExtensionsAloneWhenThereAreNoSignatureAlgorithms() {
        ClientHello hello = parse(specHello(false));

        assertEquals("t13d1515h2_002f,0035,009c,009d,1301,1302,1303,c013,c014,c02b,c02c,c02f,c030,cca8,cca9_"
                + "0005,000a,000b,0012,0015,0017,001b,0023,002b,002d,0033,4469,ff01",
                ja4.rawFingerprint(hello, Ja4.Transport.TCP));
        // Specification: "0005,000a,000b,000d,0012,0015,0017,001b,0023,002b,002d,0033,4469,ff01 = 6d807ffa2a79"
        assertEquals("6d807ffa2a79",
                ja4.hash12("0005,000a,000b,000d,0012,0015,0017,001b,0023,002b,002d,0033,4469,ff01"));
    }

    @Test
    void shouldMatchTheJa4sSpecificationExample() {
        // JA4S.md: a TLS 1.3 ServerHello choosing TLS_AES_128_GCM_SHA256 with supported_versions and key_share.
        byte[] record = new ServerHelloBuilder().selectedVersion(0x0304).extension(0x0033, new byte[36]).record();
        ServerHello server = new ServerHello();
        assertEquals(ParseStatus.COMPLETE,
                new ServerHelloParser().parse(MemorySegment.ofArray(record), 0, record.length, server));
        assertEquals("t130200_1301_a56c5b993250", ja4.serverFingerprint(server, Ja4.Transport.TCP));
        assertEquals("q130200_1301_a56c5b993250", ja4.serverFingerprint(server, Ja4.Transport.QUIC));
    }

    @Test
    void shouldWriteZerosForEmptyListsAndNoAlpn() {
        ClientHello hello = parse(new HelloBuilder().cipherSuites(0x2a2a).noExtensions().record());

        assertEquals("t12i000000_000000000000_000000000000", ja4.fingerprint(hello, Ja4.Transport.TCP));
    }

    @Test
    void shouldUseHexDigitsForAnAlpnValueThatIsNotAlphanumeric() {
        assertEquals("ab", alpnPart("\u00ab"));
        assertEquals("ad", alpnPart("\u00ab\u00cd"));
        assertEquals("3b", alpnPart("0\u00ab"));
        assertEquals("3d", alpnPart("01\u00ab\u00cd"));
        assertEquals("01", alpnPart("0\u00ab\u00cd1"));
        assertEquals("hh", alpnPart("h"));
        assertEquals("00", alpnPart(""));
    }

    @Test
    void shouldMapVersionsAndCapCountsAt99() {
        assertEquals("s3", Ja4.versionCode(0x0300));
        assertEquals("d2", Ja4.versionCode(0xfefd));
        assertEquals("00", Ja4.versionCode(0x7f1c));
        int[] suites = new int[120];
        for (int i = 0; i < suites.length; i++) {
            suites[i] = 0x0100 + i;
        }
        ClientHello hello = parse(new HelloBuilder().cipherSuites(suites).noExtensions().record());
        assertEquals("t12i9900", ja4.fingerprint(hello, Ja4.Transport.TCP).substring(0, 8));
    }

    private String alpnPart(String protocol) {
        ClientHello hello = parse(new HelloBuilder().alpn(protocol).record());
        return ja4.fingerprint(hello, Ja4.Transport.TCP).substring(8, 10);
    }

    /** The spec's hello: extensions in the listed order with minimal bodies, plus GREASE cipher and extension. */
    private static byte[] specHello(boolean withSignatureAlgorithms) {
        int[] ciphers = new int[SPEC_CIPHERS.length + 1];
        ciphers[0] = 0x3a3a;
        System.arraycopy(SPEC_CIPHERS, 0, ciphers, 1, SPEC_CIPHERS.length);
        HelloBuilder builder = new HelloBuilder().cipherSuites(ciphers).extension(0xdada, new byte[0]);
        for (int type : SPEC_EXTENSIONS_IN_ORDER) {
            switch (type) {
                case 0x0000 -> builder.serverName("example.com");
                case 0x0010 -> builder.alpn("h2", "http/1.1");
                case 0x002b -> builder.supportedVersions(0x4a4a, 0x0304, 0x0303);
                case 0x000d -> {
                    if (withSignatureAlgorithms) {
                        builder.signatureAlgorithms(SPEC_SIGNATURE_ALGORITHMS);
                    }
                }
                default -> builder.extension(type, new byte[0]);
            }
        }
        return builder.record();
    }

    private static ClientHello parse(byte[] stream) {
        ClientHello hello = new ClientHello();
        assertEquals(ParseStatus.COMPLETE,
                new ClientHelloParser().parse(MemorySegment.ofArray(stream), 0, stream.length, hello));
        return hello;
    }
}
