package io.netzer.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.netzer.dissect.Packet;
import io.netzer.pipeline.Dataset;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The NDJSON line builder: commas by structure, escaping, growth, and the tap's view of each line. */
class JsonLineTest {
    private static final byte[] A = JsonLine.key("a");
    private static final byte[] B = JsonLine.key("b");
    private static final byte[] C = JsonLine.key("c");

    @Test
    void shouldWriteCommasOnlyBetweenMembersAndElements() throws IOException {
        JsonLine j = new JsonLine(4); // grows
        j.startObject();
        j.key(A).number(1);
        j.objectMember(B);
        j.key(A).bool(true);
        j.key(B).bool(false);
        j.endObject();
        j.arrayMember(C);
        j.element().number(0);
        j.element().string("x");
        j.element().startObject();
        j.endObject();
        j.endArray();
        j.endObject();
        j.endLine(Dataset.PACKET, null);
        assertEquals("{\"a\":1,\"b\":{\"a\":true,\"b\":false},\"c\":[0,\"x\",{}]}\n", drain(j));
    }

    @Test
    void shouldReopenTheObjectJustClosedWhenItIsTheSameMemberAndStartItOtherwise() throws IOException {
        JsonLine j = new JsonLine(64);
        j.startObject();
        j.objectMember(B);
        j.key(A).number(1);
        j.endObject();
        j.objectMemberOrReopen(JsonLine.key("b"));
        j.key(C).number(2);
        j.endObject();
        j.objectMemberOrReopen(A);
        j.key(C).number(3);
        j.endObject();
        j.key(C).number(4);
        j.objectMemberOrReopen(A);
        j.endObject();
        j.endObject();
        j.endLine(Dataset.PACKET, null);
        assertEquals("{\"b\":{\"a\":1,\"c\":2},\"a\":{\"c\":3},\"c\":4,\"a\":{}}\n", drain(j));
    }

    @Test
    void shouldEscapeStringsFromOutsideAndKeepTheLineWhole() throws IOException {
        String hostile = "a\"b\\c\nd\u0000e\u001b[31mé";
        JsonLine j = new JsonLine(64);
        j.startObject();
        j.key(A).string(hostile);
        j.key(B).raw(JsonLine.quoted(hostile));
        j.endObject();
        j.endLine(Dataset.TLS, null);
        String line = drain(j);
        assertEquals(1, line.split("\n", -1).length - 1, line);
        var node = new ObjectMapper().readTree(line);
        assertEquals(hostile, node.path("a").asText());
        assertEquals(hostile, node.path("b").asText());
    }

    @Test
    void shouldHandTheTapEachLineWithItsDatasetAndPacket() throws IOException {
        List<String> seen = new ArrayList<>();
        List<Packet> packets = new ArrayList<>();
        JsonLine j = new JsonLine(64);
        j.tap(new LineTap() {
            @Override
            public boolean active() {
                return true;
            }

            @Override
            public void line(Dataset dataset, byte[] bytes, int offset, int length, Packet packet) {
                seen.add(dataset + " " + new String(bytes, offset, length, StandardCharsets.UTF_8));
                packets.add(packet);
            }
        });
        Packet packet = new Packet();
        j.startObject();
        j.endObject();
        j.endLine(Dataset.FLOW, null);
        j.startObject();
        j.key(A).number(2);
        j.endObject();
        j.endLine(Dataset.DNS, packet);
        assertEquals(List.of("FLOW {}\n", "DNS {\"a\":2}\n"), seen, "each line alone, from where it starts");
        assertNull(packets.get(0));
        assertSame(packet, packets.get(1));
        assertEquals("{}\n{\"a\":2}\n", drain(j), "both lines written out in one call");
        j.startObject();
        j.endObject();
        j.endLine(Dataset.PACKET, null);
        j.discard();
        assertEquals(0, j.size());
    }

    private static String drain(JsonLine j) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        j.drainTo(out);
        assertEquals(0, j.size());
        return out.toString(StandardCharsets.UTF_8);
    }
}
