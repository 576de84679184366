package io.netzer.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Oracle test: for every QUIC connection in the corpus, the client's datagrams fed in capture order through one
 * {@link QuicCryptoAssembler} must yield the server name tshark decrypts. tshark 4.0 cannot open QUIC v2, so the
 * v2 connection is checked against Zeek's published log for the same capture instead.
 */
class QuicCorpusTest {
    /** Connections where we knowingly differ from tshark, with the reason. Key: capture#udp-stream. */
    static final Map<String, String> EXCEPTIONS = Map.of();

    private final QuicInitialParser parser = new QuicInitialParser(new ClientHelloParser());
    private final ClientHello hello = new ClientHello();

    @Test
    void shouldFindEveryServerNameThatTsharkDecrypts() throws IOException {
        Map<String, String> expected = new TreeMap<>();
        Map<String, String> actual = new TreeMap<>();
        Map<String, String> alpn = new TreeMap<>();
        for (Path capture : Corpus.captures()) {
            Map<String, Connection> connections = new LinkedHashMap<>();
            for (String[] row : Corpus.rows(capture)) {
                if (!row[Corpus.PROTOCOLS].endsWith(":quic") && !row[Corpus.PROTOCOLS].contains(":quic:")) {
                    continue;
                }
                String key = capture.getFileName() + "#" + row[Corpus.UDP_STREAM];
                Connection connection = connections.computeIfAbsent(key,
                        k -> new Connection(row[Corpus.UDP_DESTINATION_PORT]));
                if (!connection.serverPort.equals(row[Corpus.UDP_DESTINATION_PORT])) {
                    continue;
                }
                if (!row[Corpus.TLS_SERVER_NAME].isEmpty()) {
                    expected.putIfAbsent(key, Corpus.values(row[Corpus.TLS_SERVER_NAME])[0]);
                }
                if (!actual.containsKey(key)) {
                    byte[] datagram = Corpus.bytes(row[Corpus.UDP_PAYLOAD]);
                    int status = parser.parse(MemorySegment.ofArray(datagram), 0, datagram.length,
                            connection.assembler, hello);
                    if (status == ParseStatus.COMPLETE) {
                        actual.put(key, String.valueOf(hello.serverName()));
                        alpn.put(key, hello.alpnCount() > 0 ? hello.alpn(0) : "");
                    }
                }
            }
        }
        System.out.printf("QUIC corpus: tshark decrypts %d server names %s; we find %d %s%n", expected.size(),
                expected, actual.size(), actual);
        Map<String, String> missed = new TreeMap<>();
        expected.forEach((key, name) -> {
            if (!name.equals(actual.get(key))) {
                missed.put(key, "tshark: " + name + "; ours: " + actual.get(key));
            }
        });
        assertTrue(expected.size() >= 4, "expected several QUIC connections with SNI, found " + expected);
        assertEquals(EXCEPTIONS.keySet(), missed.keySet(), () -> "differences: " + missed);
        // zeek testing/btest/Baseline/scripts.base.protocols.quic.quicv2-http3-443/quic.log: version quicv2,
        // server_name unset, client_protocol h3.
        assertEquals("null", actual.get("zeek-quic-quicv2-http3-443.pcap#0"));
        assertEquals("h3", alpn.get("zeek-quic-quicv2-http3-443.pcap#0"));
    }

    private static final class Connection {
        final String serverPort;
        final QuicCryptoAssembler assembler = new QuicCryptoAssembler();

        Connection(String serverPort) {
            this.serverPort = serverPort;
        }
    }
}
