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
 * Oracle test: every DNS, mDNS and LLMNR question name tshark finds in the corpus, over UDP and TCP, must come
 * out of our parser with the same value. We keep the first question of each message, so the comparison is
 * with tshark's first name per message.
 */
class DnsCorpusTest {
    /** Frames where we knowingly differ from tshark, with the reason. Key: capture#frame. */
    static final Map<String, String> EXCEPTIONS = Map.of();

    private final DnsMessageParser parser = new DnsMessageParser();
    private final DnsMessage message = new DnsMessage();

    @Test
    void shouldFindEveryQuestionNameThatTsharkFinds() throws IOException {
        int messages = 0;
        Map<String, String> mismatches = new TreeMap<>();
        for (Path capture : Corpus.captures()) {
            for (String[] row : Corpus.rows(capture)) {
                if (row[Corpus.DNS_QUERY_NAME].isEmpty()) {
                    continue;
                }
                String key = capture.getFileName() + "#" + row[Corpus.FRAME];
                List<String> expected = List.of(Corpus.values(row[Corpus.DNS_QUERY_NAME]));
                List<String> actual;
                if (!row[Corpus.UDP_PAYLOAD].isEmpty()) {
                    actual = udp(Corpus.bytes(row[Corpus.UDP_PAYLOAD]));
                    expected = expected.subList(0, 1);
                } else {
                    actual = tcp(ClientHelloCorpusTest.stream(row));
                }
                messages += actual.size();
                if (!expected.equals(actual)) {
                    mismatches.put(key, "tshark: " + expected + "; ours: " + actual);
                }
            }
        }
        System.out.printf("DNS corpus: %d messages with a question, %d differ from tshark%n", messages,
                mismatches.size());
        assertTrue(messages > 500, "expected hundreds of DNS messages, found " + messages);
        assertEquals(EXCEPTIONS.keySet(), mismatches.keySet(), () -> "differences: " + mismatches);
    }

    private List<String> udp(byte[] payload) {
        int status = parser.parse(MemorySegment.ofArray(payload), 0, payload.length, message);
        return List.of(status == ParseStatus.COMPLETE || message.hasQuestion() ? String.valueOf(message.questionName())
                : ParseStatus.name(status) + " " + message.malformation());
    }

    private List<String> tcp(byte[] stream) {
        List<String> names = new ArrayList<>();
        MemorySegment segment = MemorySegment.ofArray(stream);
        for (int offset = 0; offset < stream.length; offset += message.consumed()) {
            int status = parser.parseTcp(segment, offset, stream.length - offset, message);
            if (status != ParseStatus.COMPLETE) {
                names.add(ParseStatus.name(status) + " " + message.malformation());
                break;
            }
            if (message.hasQuestion()) {
                names.add(message.questionName());
            }
        }
        return names;
    }
}
