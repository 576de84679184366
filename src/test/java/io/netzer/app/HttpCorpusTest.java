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
 * Oracle test: every HTTP request tshark finds in the corpus (pipelined ones included) must come out of our
 * parser with the same method, target and Host.
 */
class HttpCorpusTest {
    /** Frames where we knowingly differ from tshark, with the reason. Key: capture#frame. */
    static final Map<String, String> EXCEPTIONS = Map.of();

    private final HttpRequestParser parser = new HttpRequestParser();
    private final HttpRequest request = new HttpRequest();

    @Test
    void shouldFindEveryRequestMethodTargetAndHostThatTsharkFinds() throws IOException {
        int requests = 0;
        Map<String, String> mismatches = new TreeMap<>();
        for (Path capture : Corpus.captures()) {
            for (String[] row : Corpus.rows(capture)) {
                if (row[Corpus.HTTP_METHOD].isEmpty() || !row[Corpus.UDP_PAYLOAD].isEmpty()) {
                    continue;
                }
                String expected = String.join(",", Corpus.values(row[Corpus.HTTP_METHOD])) + " | "
                        + String.join(",", Corpus.values(row[Corpus.HTTP_URI])) + " | "
                        + String.join(",", Corpus.values(row[Corpus.HTTP_HOST]));
                String actual = decode(ClientHelloCorpusTest.stream(row));
                requests += Corpus.values(row[Corpus.HTTP_METHOD]).length;
                if (!expected.equals(actual)) {
                    mismatches.put(capture.getFileName() + "#" + row[Corpus.FRAME],
                            "tshark: " + expected + "; ours: " + actual);
                }
            }
        }
        System.out.printf("HTTP corpus: %d requests, %d frames differ from tshark%n", requests, mismatches.size());
        assertTrue(requests > 200, "expected hundreds of HTTP requests, found " + requests);
        assertEquals(EXCEPTIONS.keySet(), mismatches.keySet(), () -> "differences: " + mismatches);
    }

    /** Every request head in the bytes, one after the other, as "methods | targets | hosts". */
    private String decode(byte[] stream) {
        List<String> methods = new ArrayList<>();
        List<String> targets = new ArrayList<>();
        List<String> hosts = new ArrayList<>();
        MemorySegment segment = MemorySegment.ofArray(stream);
        long offset = 0;
        while (offset < stream.length) {
            int status = parser.parse(segment, offset, (int) (stream.length - offset), request);
            if (status != ParseStatus.COMPLETE) {
                if (methods.isEmpty()) {
                    methods.add(ParseStatus.name(status) + " " + request.malformation());
                }
                break;
            }
            methods.add(request.method());
            targets.add(request.target());
            if (request.host() != null) {
                hosts.add(request.host());
            }
            if (request.nextRequestOffset() < 0) {
                break;
            }
            offset += request.nextRequestOffset();
        }
        return String.join(",", methods) + " | " + String.join(",", targets) + " | " + String.join(",", hosts);
    }
}
