package io.netzer.filter;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * tcpdump as the oracle, with no pcap or pcapng reader of NetZer's own: {@code tcpdump -r FILE -w -} turns
 * any file tcpdump can read into a classic pcap on stdout, in tcpdump's byte order and with LINKTYPE_
 * values; running it with a filter gives the packets tcpdump keeps, which are matched back to packet
 * numbers as a subsequence of the unfiltered output (identical records get identical verdicts, so the
 * greedy match is exact). Results are cached under target/ so reruns are fast.
 */
final class TcpdumpOracle {
    /** One packet: its bytes as captured and its length on the wire. */
    record Frame(byte[] data, long timestamp, int wireLength) {
    }

    /** A file as tcpdump reads it. */
    record Capture(Path file, int linkType, List<Frame> frames) {
    }

    /** tcpdump's verdict on an expression: the 0-based indices it keeps, or its error message. */
    record Verdict(BitSet accepted, String error) {
    }

    private static final Path CACHE = Path.of("target", "filter-oracle-cache");

    private TcpdumpOracle() {
    }

    static boolean tcpdumpAvailable() {
        try {
            return run(List.of("tcpdump", "--version")).exitCode == 0;
        } catch (UncheckedIOException e) {
            return false;
        }
    }

    /** Reads a file through tcpdump; throws with tcpdump's reason when it cannot. */
    static Capture read(Path file) {
        Result result = run(List.of("tcpdump", "-r", file.toString(), "-w", "-"));
        if (result.exitCode != 0) {
            throw new IllegalStateException(lastLine(result.stderr));
        }
        return parse(file, result.stdout);
    }

    /** Parses the classic pcap tcpdump writes (either byte order). */
    private static Capture parse(Path file, byte[] pcap) {
        ByteBuffer in = ByteBuffer.wrap(pcap);
        int magic = in.order(ByteOrder.LITTLE_ENDIAN).getInt(0);
        if (magic != 0xa1b2c3d4 && magic != 0xa1b23c4d) {
            in.order(ByteOrder.BIG_ENDIAN);
        }
        int linkType = in.getInt(20);
        List<Frame> frames = new ArrayList<>();
        int at = 24;
        while (at + 16 <= pcap.length) {
            long timestamp = ((long) in.getInt(at) << 32) | (in.getInt(at + 4) & 0xffffffffL);
            int caplen = in.getInt(at + 8);
            int wire = in.getInt(at + 12);
            frames.add(new Frame(Arrays.copyOfRange(pcap, at + 16, at + 16 + caplen), timestamp, wire));
            at += 16 + caplen;
        }
        return new Capture(file, linkType, frames);
    }

    /** What tcpdump keeps of {@code capture} with {@code expression}. */
    static Verdict verdict(Capture capture, String expression) {
        Path cacheFile = CACHE.resolve(key(capture.file(), expression));
        try {
            if (Files.exists(cacheFile)) {
                return decode(Files.readString(cacheFile));
            }
            Result result = run(List.of("tcpdump", "-r", capture.file().toString(), "-w", "-", "--", expression));
            Verdict verdict;
            if (result.exitCode != 0) {
                verdict = new Verdict(null, lastLine(result.stderr));
            } else {
                verdict = new Verdict(match(capture.frames(), parse(capture.file(), result.stdout).frames()), null);
            }
            Files.createDirectories(CACHE);
            Files.writeString(cacheFile, encode(verdict));
            return verdict;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static BitSet match(List<Frame> all, List<Frame> kept) {
        BitSet accepted = new BitSet();
        int next = 0;
        for (Frame frame : kept) {
            while (next < all.size() && !same(all.get(next), frame)) {
                next++;
            }
            if (next == all.size()) {
                throw new IllegalStateException("tcpdump kept a packet that is not in the file");
            }
            accepted.set(next++);
        }
        return accepted;
    }

    private static boolean same(Frame a, Frame b) {
        return a.timestamp() == b.timestamp() && a.wireLength() == b.wireLength() && Arrays.equals(a.data(), b.data());
    }

    private static String key(Path file, String expression) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            String identity = file.toAbsolutePath() + "\n" + Files.size(file) + "\n" + Files.getLastModifiedTime(file)
                    + "\n" + expression;
            return HexFormat.of().formatHex(digest.digest(identity.getBytes(StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String encode(Verdict verdict) {
        return verdict.error() != null ? "E" + verdict.error() : "A" + verdict.accepted().toString();
    }

    private static Verdict decode(String text) {
        if (text.startsWith("E")) {
            return new Verdict(null, text.substring(1));
        }
        BitSet accepted = new BitSet();
        String list = text.substring(2, text.length() - 1).trim();
        if (!list.isEmpty()) {
            for (String index : list.split(",\\s*")) {
                accepted.set(Integer.parseInt(index));
            }
        }
        return new Verdict(accepted, null);
    }

    private static String lastLine(byte[] stderr) {
        String[] lines = new String(stderr, StandardCharsets.UTF_8).strip().split("\n");
        return lines[lines.length - 1];
    }

    private record Result(int exitCode, byte[] stdout, byte[] stderr) {
    }

    private static Result run(List<String> command) {
        try {
            Process process = new ProcessBuilder(command).start();
            process.getOutputStream().close();
            CompletableFuture<byte[]> stderr = CompletableFuture.supplyAsync(() -> readAll(process.getErrorStream()));
            byte[] stdout = readAll(process.getInputStream());
            int exit = process.waitFor();
            return new Result(exit, stdout, stderr.join());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static byte[] readAll(InputStream in) {
        try (in) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            in.transferTo(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
