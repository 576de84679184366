package io.netzer.export;

import io.netzer.dissect.Dissector;
import io.netzer.dissect.Packet;
import io.netzer.pipeline.PacketSink;
import java.io.IOException;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.AccessDeniedException;
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
 * appended when both are given. With {@code -W N} and {@code -G} alone the capture ends when an N+1th interval
 * would begin, as tcpdump's does ("Maximum file limit reached"). Every file is created with openat(2) relative
 * to the directory opened before root was dropped (a {@link SecureDirectoryStream}), so later files need no
 * lookup of the path from the root.
 * The directory must still be writable by the user NetZer runs as; when it is not, the message says so, naming
 * that user. A write that fails (a full disk) leaves the current file with whole records only (see
 * {@link PcapWriter}) and ends the capture.
 */
public final class RotatingPcapWriter implements PacketSink {
    private static final long NANOS_PER_SECOND = 1_000_000_000L;
    private static final Set<StandardOpenOption> CREATE = EnumSet.of(StandardOpenOption.CREATE,
            StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE);

    private final SecureDirectoryStream<Path> directory;
    private final Path directoryPath;
    private final String user;
    private final String pattern;
    private final long maxBytes;
    private final long rotateNanos;
    private final int linkType;
    private final int snapLength;
    private final boolean nanosecond;
    private final ZoneId zone;
    private final int ringFiles;
    private final int fileLimit;
    private final Runnable onFileLimit;
    private SeekableByteChannel channel;
    private PcapWriter current;
    private long intervalStart = Long.MIN_VALUE;
    private int sequence;
    private long packetsSkipped;
    private int files;
    private long packetsInClosedFiles;
    private boolean fileLimitReached;
    private long packetsPastFileLimit;

    private RotatingPcapWriter(SecureDirectoryStream<Path> directory, Path directoryPath, String user,
            String pattern, long maxBytes, long rotateSeconds, int linkType, int snapLength, boolean nanosecond,
            ZoneId zone, int ringFiles, int fileLimit, Runnable onFileLimit) {
        this.ringFiles = ringFiles;
        this.fileLimit = fileLimit;
        this.onFileLimit = onFileLimit;
        this.directory = directory;
        this.directoryPath = directoryPath;
        this.user = user;
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
     * @param user          who creates the files (after privileges are dropped), for the message when it cannot
     * @throws IOException when the directory cannot be opened, or the platform cannot create files relative to it
     */
    public static RotatingPcapWriter open(Path file, long maxBytes, long rotateSeconds, int linkType, int snapLength,
            boolean nanosecond, ZoneId zone, String user) throws IOException {
        return open(file, maxBytes, rotateSeconds, linkType, snapLength, nanosecond, zone, user, 0, 0, null);
    }

    /**
     * As {@link #open(Path, long, long, int, int, boolean, ZoneId, String)}, with tcpdump's {@code -W}: by size, a
     * ring of {@code ringFiles} files FILE0, FILE1, ... (the count zero-padded to the digits of {@code ringFiles}),
     * the oldest overwritten when the ring is full; 0 for no ring. By time alone, {@code fileLimit} files at most:
     * when the next would begin, the last is closed, later packets are not written and {@code onFileLimit} runs
     * once (to end the capture); 0 for no limit.
     */
    public static RotatingPcapWriter open(Path file, long maxBytes, long rotateSeconds, int linkType, int snapLength,
            boolean nanosecond, ZoneId zone, String user, int ringFiles, int fileLimit, Runnable onFileLimit)
            throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        DirectoryStream<Path> stream = Files.newDirectoryStream(parent);
        if (!(stream instanceof SecureDirectoryStream<Path> secure)) {
            stream.close();
            throw new IOException(parent + ": cannot create rotated files relative to this directory");
        }
        return new RotatingPcapWriter(secure, parent, user, file.getFileName().toString(), maxBytes, rotateSeconds,
                linkType, snapLength, nanosecond, zone, ringFiles, fileLimit, onFileLimit);
    }

    @Override
    public void accept(Packet packet, Dissector dissector) throws IOException {
        if (packet.linkType() != linkType) {
            packetsSkipped++;
            return;
        }
        if (fileLimitReached) {
            packetsPastFileLimit++;
            return;
        }
        long time = packet.timestampNanos();
        if (current == null || rotateNanos > 0 && time >= intervalStart + rotateNanos) {
            if (fileLimit > 0 && files == fileLimit) {
                fileLimitReached = true;
                packetsPastFileLimit++;
                closeCurrent();
                onFileLimit.run();
                return;
            }
            intervalStart = rotateNanos > 0 ? time - Math.floorMod(time, rotateNanos) : time;
            sequence = 0;
            next();
        } else if (maxBytes > 0 && current.packetsWritten() > 0
                && current.fileSize() + PcapWriter.RECORD_HEADER_LENGTH + packet.capturedLength() > maxBytes) {
            sequence++;
            next();
        }
        if (!current.write(packet)) {
            packetsSkipped++;
        }
    }

    private void next() throws IOException {
        closeCurrent();
        String name = name();
        Path path = directoryPath.resolve(name);
        try {
            channel = directory.newByteChannel(Path.of(name), CREATE);
        } catch (AccessDeniedException e) {
            throw new IOException("cannot create " + path + ": Permission denied (the directory must be writable by"
                    + " user " + user + ")", e);
        } catch (IOException e) {
            throw new IOException("cannot create " + path + ": " + e.getMessage(), e);
        }
        current = new PcapWriter(channel, path.toString(), linkType, snapLength, nanosecond);
        files++;
    }

    /** The current file's name: the pattern (expanded when rotating by time), then the count after the first. */
    private String name() {
        String base = rotateNanos > 0 ? Strftime.format(pattern, Instant.ofEpochSecond(
                Math.floorDiv(intervalStart, NANOS_PER_SECOND)).atZone(zone)) : pattern;
        if (ringFiles > 0) {
            String count = Integer.toString(sequence % ringFiles);
            return base + "0".repeat(Integer.toString(ringFiles).length() - count.length()) + count;
        }
        return sequence == 0 ? base : base + sequence;
    }

    private void closeCurrent() throws IOException {
        if (current != null) {
            try {
                current.close();
            } finally {
                packetsInClosedFiles += current.packetsWritten();
                channel.close();
                current = null;
            }
        }
    }

    /** Packets not written: of another link type than the files'. */
    public long packetsSkipped() {
        return packetsSkipped;
    }

    /** Whether {@code -W}'s file limit ended the writing (tcpdump's "Maximum file limit reached"). */
    public boolean fileLimitReached() {
        return fileLimitReached;
    }

    /** Packets not written because they came after the file limit was reached. */
    public long packetsPastFileLimit() {
        return packetsPastFileLimit;
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
        if (current != null) {
            current.flush();
        }
    }

    /** Packets the files hold: whole records that reached them (after a failed write, fewer than were given). */
    public long packetsWritten() {
        return packetsInClosedFiles + (current == null ? 0 : current.packetsWritten());
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
