package io.netzer.defrag;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Cuts the whole IPv4 or IPv6 datagram of a {@link io.netzer.testing.FlowFrames} Ethernet frame into fragments:
 * the same link and IP headers, the fragment fields set, and any slice of the data, or other bytes in its place.
 */
final class FragmentFrames {
    static final int ETHERNET = 14;
    static final int IPV4_HEADER = 20;
    static final int IPV6_HEADER = 40;
    private static final int FRAGMENT_HEADER = 44;

    private FragmentFrames() {
    }

    /** The data of {@code whole}'s datagram: its IP payload. */
    static byte[] data(byte[] whole, boolean v6) {
        return Arrays.copyOfRange(whole, ETHERNET + (v6 ? IPV6_HEADER : IPV4_HEADER), whole.length);
    }

    /** A fragment of {@code whole} holding its data from {@code offset} (bytes), {@code length} bytes long. */
    static byte[] slice(byte[] whole, boolean v6, long id, int offset, int length, boolean more) {
        return fragment(whole, v6, id, offset, Arrays.copyOfRange(data(whole, v6), offset, offset + length), more);
    }

    /** A fragment of {@code whole}'s datagram at {@code offset} (bytes, a multiple of 8) carrying {@code bytes}. */
    static byte[] fragment(byte[] whole, boolean v6, long id, int offset, byte[] bytes, boolean more) {
        ByteBuffer frame;
        if (v6) {
            frame = ByteBuffer.allocate(ETHERNET + IPV6_HEADER + 8 + bytes.length);
            frame.put(whole, 0, ETHERNET + IPV6_HEADER);                      // Ethernet and IPv6 headers
            frame.putShort(ETHERNET + 4, (short) (8 + bytes.length));        // payload length
            frame.put(ETHERNET + 6, (byte) FRAGMENT_HEADER);                 // next header: Fragment
            frame.put(whole[ETHERNET + 6]);                                  // fragment: next header (the upper layer)
            frame.put((byte) 0);                                             // reserved
            frame.putShort((short) (offset / 8 << 3 | (more ? 1 : 0)));      // offset in 8-byte units, M
            frame.putInt((int) id);                                          // identification
        } else {
            frame = ByteBuffer.allocate(ETHERNET + IPV4_HEADER + bytes.length);
            frame.put(whole, 0, ETHERNET + IPV4_HEADER);                     // Ethernet and IPv4 headers
            frame.putShort(ETHERNET + 2, (short) (IPV4_HEADER + bytes.length));  // total length
            frame.putShort(ETHERNET + 4, (short) id);                        // identification
            frame.putShort(ETHERNET + 6, (short) ((more ? 0x2000 : 0) | offset / 8));  // MF, offset in 8-byte units
        }
        frame.put(bytes);                                                    // the fragment's data
        return frame.array();
    }
}
