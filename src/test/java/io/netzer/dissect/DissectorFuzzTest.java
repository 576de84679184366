package io.netzer.dissect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Random and mutated frames through {@link Dissector#dissect} never throw and never describe bytes outside the
 * capture. The mutations start from the valid hand-built frames of {@link Frames#valid()}: bytes flipped, set to
 * 0x00 or 0xff, overwritten with EtherTypes and lengths that steer the decode, truncated, read under another link
 * type, or replaced by plain noise. Each frame lies in a segment that ends where the capture ends, so a read past
 * it throws. A fault's detail stays inside the frame too: its layer starts within the capture, and a length fault
 * had fewer bytes than it required, all of them captured. The seed is fixed: a failure prints the frame in hex, to
 * be added to {@link DissectorMalformedTest}.
 */
class DissectorFuzzTest {
    private static final long SEED = 0x6e65_747a_6572L;
    private static final int FRAMES = 100_000;
    private static final int[] LINK_TYPES = {LinkType.ETHERNET, LinkType.LINUX_SLL, LinkType.LINUX_SLL2,
            LinkType.NULL, LinkType.RAW, LinkType.RAW_BSD, LinkType.RAW_OPENBSD, 105};
    /** 16-bit values that send a decoder down another path or to a length limit. */
    private static final int[] STEERING_VALUES = {0x0800, 0x86dd, 0x0806, 0x8100, 0x88a8, 0x9100, 0x8847, 0x0000,
            0x0001, 0x0005, 0x0014, 0x4500, 0x6000, 0x4f00, 0x5000, 0xf000, 0x7fff, 0x8000, 0xffff};
    private static final int[] NEXT_HEADERS = {0, 1, 6, 17, 43, 44, 50, 51, 58, 59, 60, 135, 139, 140};

    private final Dissector dissector = new Dissector();
    private final Packet packet = new Packet();

    @Test
    void shouldDecodeEverySeedFrameCleanly() {
        for (Frames.Frame frame : Frames.valid()) {
            int status = dissector.dissect(Frames.packet(frame.linkType(), frame.bytes()));
            assertEquals(0, status, () -> frame.name() + ": " + DecodeStatus.fromCode(status));
        }
    }

    @Test
    void shouldNeverThrowOnRandomAndMutatedFrames() {
        Random random = new Random(SEED);
        List<Frames.Frame> seeds = Frames.valid();
        long faults = 0;
        for (int i = 0; i < FRAMES; i++) {
            Frames.Frame seed = seeds.get(random.nextInt(seeds.size()));
            int linkType = random.nextInt(10) == 0 ? LINK_TYPES[random.nextInt(LINK_TYPES.length)] : seed.linkType();
            byte[] frame = mutate(seed.bytes(), random);
            int offset = random.nextInt(8);
            if (dissectSafely(i, linkType, frame, offset) != 0) {
                faults++;
            }
        }

        assertEquals(FRAMES, dissector.packets());
        long counted = 0;
        for (DecodeStatus reason : DecodeStatus.values()) {
            counted += dissector.errors(reason);
        }
        assertEquals(faults, counted, "every fault counted once");
        assertTrue(faults > FRAMES / 10, "the mutations reach the error paths: " + faults + " faults");
    }

    private int dissectSafely(int iteration, int linkType, byte[] frame, int offset) {
        byte[] memory = new byte[offset + frame.length];
        Arrays.fill(memory, 0, offset, Bytes.FILLER);
        System.arraycopy(frame, 0, memory, offset, frame.length);
        packet.wrap(MemorySegment.ofArray(memory), offset, frame.length, frame.length, 0, linkType, 0, iteration);
        int status;
        try {
            status = dissector.dissect(packet);
        } catch (Throwable t) {
            throw new AssertionError(describe(iteration, linkType, frame, offset) + " threw " + t, t);
        }
        long end = offset + frame.length;
        if (status > 0 || (status < 0 && -status > DecodeStatus.values().length)
                || dissector.payloadLength() < 0 || dissector.payloadOffset() < offset
                || dissector.payloadOffset() + dissector.payloadLength() > end
                || dissector.vlanCount() > Dissector.MAX_VLAN_TAGS) {
            fail(describe(iteration, linkType, frame, offset) + " left status " + status + ", payload "
                    + dissector.payloadOffset() + "+" + dissector.payloadLength() + ", vlans " + dissector.vlanCount());
        }
        if (faultOutsideTheFrame(status, frame.length)) {
            fail(describe(iteration, linkType, frame, offset) + " left fault " + dissector.faultLayer() + " at "
                    + dissector.faultOffset() + ", required " + dissector.faultRequiredLength() + ", actual "
                    + dissector.faultActualLength());
        }
        return status;
    }

    private boolean faultOutsideTheFrame(int status, int captured) {
        if (status == 0) {
            return dissector.faultLayer() != null;
        }
        long offset = dissector.faultOffset();
        int required = dissector.faultRequiredLength();
        int actual = dissector.faultActualLength();
        if (dissector.faultLayer() == null || offset < 0 || offset > captured) {
            return true;
        }
        if (DecodeStatus.fromCode(status).isLengthFault()) {
            return actual < 0 || actual >= required || offset + actual > captured;
        }
        return required != -1 || actual != -1;
    }

    private static String describe(int iteration, int linkType, byte[] frame, int offset) {
        return "frame " + iteration + " (seed " + SEED + ", link type " + linkType + ", offset " + offset + ", "
                + frame.length + " bytes): " + Bytes.hex(frame);
    }

    private static byte[] mutate(byte[] original, Random random) {
        byte[] frame = original.clone();
        switch (random.nextInt(7)) {
            case 0 -> flip(frame, random, 1 + random.nextInt(8));
            case 1 -> extremes(frame, random, 1 + random.nextInt(4));
            case 2 -> steer(frame, random, 1 + random.nextInt(3));
            case 3 -> frame = Arrays.copyOf(frame, random.nextInt(frame.length + 1));
            case 4 -> {
                steer(frame, random, 1);
                flip(frame, random, random.nextInt(4));
                frame = Arrays.copyOf(frame, random.nextInt(frame.length + 1));
            }
            case 5 -> frame = noise(random);
            default -> frame = extend(frame, random);
        }
        return frame;
    }

    private static void flip(byte[] frame, Random random, int count) {
        for (int i = 0; i < count && frame.length > 0; i++) {
            frame[random.nextInt(frame.length)] ^= (byte) (1 + random.nextInt(255));
        }
    }

    private static void extremes(byte[] frame, Random random, int count) {
        for (int i = 0; i < count && frame.length > 0; i++) {
            frame[random.nextInt(frame.length)] = random.nextBoolean() ? 0 : (byte) 0xff;
        }
    }

    /** Overwrites 16-bit fields with EtherTypes, lengths, version nibbles and next headers. */
    private static void steer(byte[] frame, Random random, int count) {
        for (int i = 0; i < count && frame.length > 1; i++) {
            int at = random.nextInt(frame.length - 1);
            if (random.nextBoolean()) {
                int value = STEERING_VALUES[random.nextInt(STEERING_VALUES.length)];
                frame[at] = (byte) (value >>> 8);
                frame[at + 1] = (byte) value;
            } else {
                frame[at] = (byte) NEXT_HEADERS[random.nextInt(NEXT_HEADERS.length)];
            }
        }
    }

    private static byte[] noise(Random random) {
        byte[] frame = new byte[random.nextInt(200)];
        random.nextBytes(frame);
        return frame;
    }

    /** Repeats a slice of the frame after itself: stacked tags, labels and extension headers that go on. */
    private static byte[] extend(byte[] frame, Random random) {
        if (frame.length < 2) {
            return frame;
        }
        int from = random.nextInt(frame.length - 1);
        int length = 1 + random.nextInt(Math.min(16, frame.length - from));
        int times = 1 + random.nextInt(200);
        int insertAt = from + length;
        byte[] longer = new byte[frame.length + length * times];
        System.arraycopy(frame, 0, longer, 0, insertAt);
        for (int i = 0; i < times; i++) {
            System.arraycopy(frame, from, longer, insertAt + i * length, length);
        }
        System.arraycopy(frame, insertAt, longer, insertAt + length * times, frame.length - insertAt);
        return longer;
    }
}
