package io.netzer.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.netzer.dissect.Packet;
import io.netzer.pipeline.Dataset;
import io.netzer.pipeline.EventContext;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The NDJSON line builder: commas by structure, escaping, growth, the tap's view of each line, and the values the
 * packet writer encodes from tables, each equal to the text it replaced.
 */
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
        j.endLine(Dataset.PACKET, null, null);
        assertEquals("{\"a\":1,\"b\":{\"a\":true,\"b\":false},\"c\":[0,\"x\",{}]}\n", drain(j));
    }

    @Test
    void shouldEscapeStringsFromOutsideAndKeepTheLineWhole() throws IOException {
        String hostile = "a\"b\\c\nd\u0000e\u001b[31mé";
        JsonLine j = new JsonLine(64);
        j.startObject();
        j.key(A).string(hostile);
        j.key(B).raw(JsonLine.quoted(hostile));
        j.endObject();
        j.endLine(Dataset.TLS, null, null);
        String line = drain(j);
        assertEquals(1, line.split("\n", -1).length - 1, line);
        var node = new ObjectMapper().readTree(line);
        assertEquals(hostile, node.path("a").asText());
        assertEquals(hostile, node.path("b").asText());
    }

    @Test
    void shouldWritePlainStringsByteForByteAsTheEncoderDoes() throws IOException {
        // every character from NUL to past ASCII, alone and inside plain text, from a String and from a char[]
        List<String> values = new ArrayList<>(
                List.of("", "example.org", "1:LQU9qZlK+B5F3KDmev6m5PMibrg=", "é", "\uD83D\uDE00"));
        for (char c = 0; c < 0x100; c++) {
            values.add(String.valueOf(c));
            values.add("host" + c + "name");
        }
        for (String value : values) {
            JsonLine expected = new JsonLine(16);
            expected.string(value);
            JsonLine fromString = new JsonLine(16);
            fromString.plainString(value);
            char[] text = ("<" + value + ">").toCharArray();
            JsonLine fromChars = new JsonLine(16);
            fromChars.plainString(text, 1, value.length());
            String want = drain(expected);
            assertEquals(want, drain(fromString), value);
            assertEquals(want, drain(fromChars), value);
        }
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
            public void line(Dataset dataset, byte[] bytes, int offset, int length, Packet packet,
                    EventContext endpoints) {
                seen.add(dataset + " " + new String(bytes, offset, length, StandardCharsets.UTF_8));
                packets.add(packet);
            }
        });
        Packet packet = new Packet();
        j.startObject();
        j.endObject();
        j.endLine(Dataset.FLOW, null, null);
        j.startObject();
        j.key(A).number(2);
        j.endObject();
        j.endLine(Dataset.DNS, packet, null);
        assertEquals(List.of("FLOW {}\n", "DNS {\"a\":2}\n"), seen, "each line alone, from where it starts");
        assertNull(packets.get(0));
        assertSame(packet, packets.get(1));
        assertEquals("{}\n{\"a\":2}\n", drain(j), "both lines written out in one call");
        j.startObject();
        j.endObject();
        j.endLine(Dataset.PACKET, null, null);
        j.discard();
        assertEquals(0, j.size());
    }

    @Test
    void shouldWriteNumbersAsDecimalText() throws IOException {
        List<Long> values = new ArrayList<>(List.of(0L, Long.MAX_VALUE, (long) Integer.MAX_VALUE,
                Integer.MAX_VALUE + 1L, 0xffffffffL));
        for (long power = 1; power > 0 && power <= Long.MAX_VALUE / 10; power *= 10) {
            values.addAll(List.of(power - 1, power, power + 1, power * 10 - 1));
        }
        SplittableRandom random = new SplittableRandom(16);
        for (int i = 0; i < 10_000; i++) {
            values.add(random.nextLong(Long.MAX_VALUE) >>> random.nextInt(63));
        }
        for (long value : values) {
            JsonLine j = new JsonLine(1);
            j.number(value);
            assertEquals(Long.toString(value), drain(j));
        }
    }

    @Test
    void shouldWriteAddressesAsAddressFormatDoes() throws IOException {
        char[] text = new char[64];
        SplittableRandom random = new SplittableRandom(16);
        for (int i = 0; i < 10_000; i++) {
            int ipv4 = i < 256 ? i * 0x01010101 : random.nextInt();
            long mac = i < 256 ? i * 0x010101010101L : random.nextLong() >>> 16;
            JsonLine j = new JsonLine(1);
            j.ipv4(ipv4);
            j.mac(mac);
            String expected = '"' + new String(text, 0, AddressFormat.ipv4(ipv4, text, 0)) + "\"\""
                    + new String(text, 0, AddressFormat.mac(mac, text, 0)) + '"';
            assertEquals(expected, drain(j));
        }
    }

    @Test
    void shouldWritePackedRunsAsTheirBytes() {
        SplittableRandom random = new SplittableRandom(16);
        for (int length = 0; length <= 40; length++) {
            byte[] run = new byte[length];
            random.nextBytes(run);
            byte[] line = new byte[2 + length + JsonLine.SLACK];
            line[0] = 'x';
            assertEquals(1 + length, JsonLine.run(line, 1, JsonLine.packed(run)));
            assertEquals('x', line[0]);
            assertEquals(HexFormat.of().formatHex(run), HexFormat.of().formatHex(line, 1, 1 + length));
        }
    }

    @Test
    void shouldWriteIpv6StraightToBytesAsAddressFormatDoes() {
        char[] text = new char[64];
        SplittableRandom random = new SplittableRandom(16);
        byte[] address = new byte[16];
        for (int i = 0; i < 100_000; i++) {
            random.nextBytes(address);
            for (int group = 0; group < 8; group++) {
                if (random.nextInt(3) > 0) {   // runs of zero groups of every length and place, and lone ones
                    address[2 * group] = 0;
                    address[2 * group + 1] = 0;
                }
            }
            if (i % 4 == 0) {   // IPv4-mapped and IPv4-compatible, whose text ends in dotted decimal
                Arrays.fill(address, 0, 10, (byte) 0);
                address[10] = address[11] = (byte) (i % 8 == 0 ? 0xff : 0);
            }
            MemorySegment segment = MemorySegment.ofArray(address);
            String expected = '"' + new String(text, 0, AddressFormat.ipv6(segment, 0, text, 0)) + '"';
            byte[] line = new byte[1 + expected.length() + JsonLine.SLACK];
            line[0] = 'x';
            int end = JsonLine.ipv6(line, 1, segment, 0);
            assertEquals(expected, new String(line, 1, end - 1, StandardCharsets.US_ASCII),
                    HexFormat.of().formatHex(address));
        }
    }

    @Test
    void shouldWriteTimestampsAsTimestampsDoesAcrossSecondsDaysAndYears() throws IOException {
        char[] text = new char[64];
        JsonLine j = new JsonLine(1);
        SplittableRandom random = new SplittableRandom(16);
        long[] fixed = {0, 1, 999_999_999, 1_000_000_000, -1, -999_999_999, -1_000_000_001, 951_782_400_000_000_000L,
            253_402_300_799_999_999L};
        for (int i = 0; i < 20_000; i++) {
            long nanos = i < fixed.length ? fixed[i] : i % 2 == 0
                    ? random.nextLong(4_102_444_800_000_000_000L) : 1_700_000_000_000_000_000L + i * 7_919_113L;
            j.timestamp(nanos);
            assertEquals('"' + new String(text, 0, Timestamps.rfc3339(nanos, text, 0)) + '"', drain(j), "" + nanos);
        }
    }

    @Test
    void shouldWriteConstantMembersWithTheirComma() throws IOException {
        byte[] constant = JsonLine.member("dataset", "netzer.packet");
        JsonLine j = new JsonLine(1);
        j.startObject();
        j.members(constant);
        j.key(A).number(1);
        j.members(constant);
        j.endObject();
        assertEquals("{\"dataset\":\"netzer.packet\",\"a\":1,\"dataset\":\"netzer.packet\"}", drain(j));
    }

    private static String drain(JsonLine j) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        j.drainTo(out);
        assertEquals(0, j.size());
        return out.toString(StandardCharsets.UTF_8);
    }
}
