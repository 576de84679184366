package io.netzer.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Oracle test: every TLS-over-TCP ClientHello tshark finds in the corpus, fed to our parser as the bytes tshark
 * reassembled (the flow layer does not exist yet), must give the same server name and ALPN list.
 */
class ClientHelloCorpusTest {
    /** Frames where we knowingly differ from tshark, with the reason. Key: capture#frame. */
    static final Map<String, String> EXCEPTIONS = Map.of();

    private final ClientHelloParser parser = new ClientHelloParser();
    private final ClientHello hello = new ClientHello();

    @Test
    void shouldFindEveryServerNameAndAlpnListThatTsharkFinds() throws IOException {
        int hellos = 0;
        int withServerName = 0;
        Map<String, String> mismatches = new TreeMap<>();
        for (Path capture : Corpus.captures()) {
            for (String[] row : Corpus.rows(capture)) {
                if (!isTcpClientHello(row)) {
                    continue;
                }
                hellos++;
                String key = capture.getFileName() + "#" + row[Corpus.FRAME];
                String expected = row[Corpus.TLS_SERVER_NAME] + " | " + row[Corpus.TLS_ALPN].replace(
                        Corpus.AGGREGATOR, ",");
                String actual = decode(stream(row));
                if (!row[Corpus.TLS_SERVER_NAME].isEmpty()) {
                    withServerName++;
                }
                if (!expected.equals(actual)) {
                    mismatches.put(key, "tshark: " + expected + "; ours: " + actual);
                }
            }
        }
        System.out.printf("ClientHello corpus: %d hellos (%d with SNI), %d differ from tshark%n", hellos,
                withServerName, mismatches.size());
        assertTrue(hellos > 300, "expected the corpus to hold hundreds of hellos, found " + hellos);
        assertEquals(EXCEPTIONS.keySet(), mismatches.keySet(), () -> "differences: " + mismatches);
    }

    @Test
    void shouldGetTheSameServerNameFromEveryTwoSegmentSplitOfARealHello() throws IOException {
        byte[] stream = firstHello("arkime-tls-split-client-hello.pcap");
        MemorySegment segment = MemorySegment.ofArray(stream);
        for (int cut = 1; cut < stream.length; cut++) {
            // The flow layer hands the growing prefix: first segment alone, then both.
            assertEquals(ParseStatus.NEED_MORE_DATA, parser.parse(segment, 0, cut, hello), "cut " + cut);
            assertEquals(ParseStatus.COMPLETE, parser.parse(segment, 0, stream.length, hello), "cut " + cut);
            assertEquals("clients2.google.com", hello.serverName(), "cut " + cut);
        }
    }

    @Test
    void shouldComputeTheJa4ThatArkimePublishesForCorpusCaptures() throws IOException {
        Ja4 ja4 = new Ja4();
        // arkime/arkime tests/pcap/tls-split-client-hello.test: tls.ja4 and tls.ja4_r
        decodeFirstHello("arkime-tls-split-client-hello.pcap");
        assertEquals("t13d1516h2_8daaf6152771_02713d6af862", ja4.fingerprint(hello, Ja4.Transport.TCP));
        assertEquals("t13d1516h2_002f,0035,009c,009d,1301,1302,1303,c013,c014,c02b,c02c,c02f,c030,cca8,cca9_"
                + "0005,000a,000b,000d,0012,0017,001b,0023,002b,002d,0033,4469,fe0d,ff01_"
                + "0403,0804,0401,0503,0805,0501,0806,0601", ja4.rawFingerprint(hello, Ja4.Transport.TCP));
        assertTrue(hello.encryptedClientHello());
        // arkime/arkime tests/pcap/curl-enabled-tls13.test: tls.ja4 and tls.ja4_r
        decodeFirstHello("arkime-curl-enabled-tls13.pcap");
        assertEquals("t13d0413h2_16476d049b0b_ffceb19bae65", ja4.fingerprint(hello, Ja4.Transport.TCP));
        assertEquals("t13d0413h2_00ff,1301,1302,1303_000a,000b,000d,0015,0016,0017,002b,002d,0031,0033,3374_"
                + "0403,0503,0603,0807,0808,0809,080a,080b,0804,0805,0806,0401,0501,0601",
                ja4.rawFingerprint(hello, Ja4.Transport.TCP));
    }

    private void decodeFirstHello(String capture) throws IOException {
        byte[] stream = firstHello(capture);
        assertEquals(ParseStatus.COMPLETE, parser.parse(MemorySegment.ofArray(stream), 0, stream.length, hello));
    }

    private static byte[] firstHello(String capture) throws IOException {
        for (String[] row : Corpus.rows(Corpus.capture(capture))) {
            if (isTcpClientHello(row)) {
                return stream(row);
            }
        }
        throw new IllegalStateException("no ClientHello in " + capture);
    }

    private String decode(byte[] stream) {
        int status = parser.parse(MemorySegment.ofArray(stream), 0, stream.length, hello);
        if (status != ParseStatus.COMPLETE) {
            return ParseStatus.name(status) + " " + hello.malformation();
        }
        List<String> alpn = new ArrayList<>();
        for (int i = 0; i < hello.alpnCount(); i++) {
            alpn.add(hello.alpn(i));
        }
        String serverName = hello.serverName();
        return (serverName == null ? "" : serverName) + " | " + String.join(",", alpn);
    }

    static boolean isTcpClientHello(String[] row) {
        return row[Corpus.UDP_PAYLOAD].isEmpty() && List.of(Corpus.values(row[Corpus.TLS_HANDSHAKE_TYPE]))
                .contains("1");
    }

    /** What the flow layer will hand over: the reassembled PDU when tshark joined segments, else the payload. */
    static byte[] stream(String[] row) {
        return Corpus.bytes(row[Corpus.TCP_REASSEMBLED].isEmpty() ? row[Corpus.TCP_PAYLOAD]
                : row[Corpus.TCP_REASSEMBLED]);
    }
}
