package io.netzer.export;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.netzer.pipeline.Dataset;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The shared output counts the lines it passed on: as their writer counted them, or eight bytes at a time at every
 * offset and length.
 */
class SharedOutputTest {
    @Test
    void shouldCountEveryNewlineWhateverTheBytesAroundIt() throws IOException {
        SplittableRandom random = new SplittableRandom(16);
        byte[] bytes = new byte[4096];
        for (int i = 0; i < bytes.length; i++) {
            // newlines, their neighbours in value, bytes with the top bit set, zeros and 0x7f
            byte[] kinds = {'\n', '\n', '\n', 0x0b, 0x09, 0x0a | (byte) 0x80, 0, 0x7f, (byte) 0xff, 'a'};
            bytes[i] = kinds[random.nextInt(kinds.length)];
        }
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        SharedOutput shared = new SharedOutput(sink, false);
        long expected = 0;
        for (int i = 0; i < 2000; i++) {
            int offset = random.nextInt(bytes.length);
            int length = random.nextInt(bytes.length - offset + 1);
            shared.write(bytes, offset, length);
            for (int k = offset; k < offset + length; k++) {
                expected += bytes[k] == '\n' ? 1 : 0;
            }
            assertEquals(expected, shared.lines(), "after writing " + length + " bytes at " + offset);
        }
    }

    @Test
    void shouldTakeTheCountOfTheLinesItsWriterCounted() throws IOException {
        JsonLine j = new JsonLine(64);
        for (int i = 0; i < 3; i++) {
            j.startObject();
            j.endObject();
            j.endLine(Dataset.PACKET, null, null);
        }
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        SharedOutput shared = new SharedOutput(sink, false);
        j.drainTo(shared);
        shared.write("{}\n".getBytes(StandardCharsets.US_ASCII));
        assertEquals(4, shared.lines());
        assertEquals("{}\n{}\n{}\n{}\n", sink.toString(StandardCharsets.US_ASCII));
    }
}
