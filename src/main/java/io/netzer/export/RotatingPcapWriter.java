package io.netzer.export;

import io.netzer.dissect.Dissector;
import io.netzer.dissect.Packet;
import io.netzer.pipeline.PacketSink;
import java.io.IOException;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.Set;

/**
 * {@code -w FILE} with {@code --rotate-size} and {@code --rotate-seconds}, in tcpdump's naming habits
 * ({@code -C}, {@code -G}): by size the files are FILE, FILE1, FILE2, ...; by time FILE is a strftime pattern
 * expanded at the start of each interval (packet time, so a file replays as it was captured), with the count
 * appended when both are given. Every file is created with openat(2) relative to the directory opened before
 * root was dropped (a {@link SecureDirectoryStream}), so later files need no lookup of the path from the root.
 * The directory must still be writable by the user NetZer runs as.
 */
public final class RotatingPcapWriter implements PacketSink {
    private static final long NANOS_PER_SECOND = 1_000_000_000L;
    private static final Set<StandardOpenOption> CREATE = EnumSet.of(StandardOpenOption.CREATE,
            StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE);

    private final SecureDirectoryStream<Path> directory;
    private final String pattern;
    private final long maxBytes;
    private final long rotateNanos;
    private final int linkType;
    private final int snapLength;
    private final boolean nanosecond;
    private final ZoneId zone;
    private SeekableByteChannel channel;
    private PcapWriter writer;
    private long intervalStart = Long.MIN_VALUE;
    private int sequence;
    private long packetsSkipped;
    private int files;

    private RotatingPcapWriter(SecureDirectoryStream<Path> directory, String pattern, long maxBytes,
            long rotateSeconds, int linkType, int snapLength, boolean nanosecond, ZoneId zone) {
        this.directory = directory;
        this.pattern = pattern;
        this.maxBytes = maxBytes;
        this.rotateNanos = rotateSeconds * NANOS_PER_SECOND;
        this.linkType = linkType;
        this.snapLength = snapLength;
        this.nanosecond = nanosecond;
        this.zone = zone;
    }

    /**
     * Opens the directory of {@code file} now (before privileges are dropped); files are created as packets come.
     *
     * @param maxBytes      start a new file when the next record would pass this size; 0 for no limit
     * @param rotateSeconds start a new file every this many seconds of packet time; 0 for never
     * @throws IOException when the directory cannot be opened, or the platform cannot create files relative to it
     */
    public static RotatingPcapWriter open(Path file, long maxBytes, long rotateSeconds, int linkType, int snapLength,
            boolean nanosecond, ZoneId zone) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        DirectoryStream<Path> stream = Files.newDirectoryStream(parent);
        if (!(stream instanceof SecureDirectoryStream<Path> secure)) {
            stream.close();
            throw new IOException(parent + ": cannot create rotated files relative to this directory");
        }
        return new RotatingPcapWriter(secure, file.getFileName().toString(), maxBytes, rotateSeconds, linkType,
                snapLength, nanosecond, zone);
    }

    @Override
    public void accept(Packet packet, Dissector dissector) throws IOException {
        if (packet.linkType() != linkType) {
            packetsSkipped++;
            return;
        }
        long time = packet.timestampNanos();
        if (writer == null || rotateNanos > 0 && time >= intervalStart + rotateNanos) {
            intervalStart = rotateNanos > 0 ? time - Math.floorMod(time, rotateNanos) : time;
            sequence = 0;
            next();
        } else if (maxBytes > 0 && writer.packetsWritten() > 0
                && writer.fileSize() + PcapWriter.RECORD_HEADER_LENGTH + packet.capturedLength() > maxBytes) {
            sequence++;
            next();
        }
        if (!writer.write(packet)) {
            packetsSkipped++;
        }
    }

    private void next() throws IOException {
        closeCurrent();
        String name = name();
        channel = directory.newByteChannel(Path.of(name), CREATE);
        writer = new PcapWriter(channel, linkType, snapLength, nanosecond);
        files++;
    }

    /** The current file's name: the pattern (expanded when rotating by time), then the count after the first. */
    private String name() {
        String base = rotateNanos > 0 ? Strftime.format(pattern, Instant.ofEpochSecond(
                Math.floorDiv(intervalStart, NANOS_PER_SECOND)).atZone(zone)) : pattern;
        return sequence == 0 ? base : base + sequence;
    }

    private void closeCurrent() throws IOException {
        if (writer != null) {
            try {
                writer.close();
            } finally {
                channel.close();
                writer = null;
            }
        }
    }

    /** Packets not written: of another link type than the files'. */
    public long packetsSkipped() {
        return packetsSkipped;
    }

    /** Files started so far. */
    public int files() {
        return files;
    }

    /** Records are written as captured: no layer is read. */
    @Override
    public boolean needsDissection() {
        return false;
    }

    @Override
    public void flush() throws IOException {
        if (writer != null) {
            writer.flush();
        }
    }

    @Override
    public void close() throws IOException {
        try {
            closeCurrent();
        } finally {
            directory.close();
        }
    }
}
