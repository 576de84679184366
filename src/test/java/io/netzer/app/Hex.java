package io.netzer.app;

import java.io.ByteArrayOutputStream;
import java.lang.foreign.MemorySegment;

/** Test helper: hex text (whitespace and {@code //} comments allowed) to bytes and segments. */
final class Hex {
    private Hex() {
    }

    static byte[] bytes(String text) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (String line : text.split("\n")) {
            int comment = line.indexOf("//");
            String hex = (comment >= 0 ? line.substring(0, comment) : line).replaceAll("\\s", "");
            if (hex.length() % 2 != 0) {
                throw new IllegalArgumentException("odd number of hex digits in: " + line);
            }
            for (int i = 0; i < hex.length(); i += 2) {
                out.write(Integer.parseInt(hex, i, i + 2, 16));
            }
        }
        return out.toByteArray();
    }

    static MemorySegment segment(String text) {
        return MemorySegment.ofArray(bytes(text));
    }

    static String of(byte[] bytes) {
        StringBuilder out = new StringBuilder(bytes.length * 2);
        for (byte b : bytes) {
            out.append(Character.forDigit((b >> 4) & 0xf, 16)).append(Character.forDigit(b & 0xf, 16));
        }
        return out.toString();
    }
}
