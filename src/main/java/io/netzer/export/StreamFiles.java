package io.netzer.export;

import io.netzer.dissect.Dissector;
import io.netzer.dissect.Packet;
import io.netzer.flow.FlowTable;
import io.netzer.flow.StreamListener;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * {@code --dump-streams DIR}: writes each reassembled TCP direction to a file of its own, named as tcpflow 1.6
 * names them: {@code SRCIP.SRCPORT-DSTIP.DSTPORT} with zero-padded IPv4 octets ({@code 010.000.000.001}),
 * IPv6 addresses as inet_ntop writes them, 5-digit ports, {@code --VLAN} after a tagged flow's name, and
 * {@code c1}, {@code c2}, ... for a later connection on the same addresses and ports (a file that exists is never
 * overwritten: the name takes the next free {@code cN}). Each byte is written at its
 * offset in the stream, so a gap leaves a hole of zeros, as tcpflow leaves one.
 *
 * <p>Files are opened at a direction's first byte and closed when its flow ends; at most {@value #MAX_OPEN_FILES}
 * are open at once (the least recently written is closed, and reopened if more comes). The first write error
 * stops the writing and is thrown by {@link #close()}.
 */
public final class StreamFiles implements StreamListener, AutoCloseable {
    /** Files open at once at most. */
    static final int MAX_OPEN_FILES = 256;

    private static final int COPY_BUFFER_BYTES = 64 * 1024;
    private static final int ADDRESS_BYTES = 16;

    private final Path directory;
    private final ByteBuffer buffer = ByteBuffer.allocateDirect(COPY_BUFFER_BYTES);
    private final MemorySegment bufferSegment = MemorySegment.ofBuffer(buffer);
    private final int[] open = new int[MAX_OPEN_FILES];
    private int openCount;
    private long writes;

    // Per flow: the key seen on its first packet, initiator first.
    private byte[] addresses = new byte[0];
    private int[] ports = new int[0];
    private int[] vlans = new int[0];
    private byte[] versions = new byte[0];
    // Per direction (flow * 2 + direction).
    private FileChannel[] channels = new FileChannel[0];
    private Path[] paths = new Path[0];
    private long[] positions = new long[0];
    private long[] lastWrite = new long[0];
    private IOException failure;

    /** Writes streams under {@code directory}, which is created if missing. */
    public StreamFiles(Path directory) throws IOException {
        this.directory = Files.createDirectories(directory);
    }

    /** Grows the per-flow arrays with the table. */
    @Override
    public void attach(FlowTable table) {
        table.register(this::capacityChanged);
    }

    @Override
    public void flowStarted(int flow) {
        versions[flow] = 0;
        for (int d = 2 * flow; d < 2 * flow + 2; d++) {
            paths[d] = null;
            positions[d] = 0;
        }
    }

    @Override
    public void packet(Packet packet, Dissector dissector, int flow, int direction) {
        if (versions[flow] != 0 || !dissector.has(Dissector.TCP)) {
            return;
        }
        int initiator = flow * 2 * ADDRESS_BYTES + direction * ADDRESS_BYTES;
        int responder = flow * 2 * ADDRESS_BYTES + (direction ^ 1) * ADDRESS_BYTES;
        if (dissector.has(Dissector.IPV4)) {
            versions[flow] = 4;
            putInt(dissector.ipv4().sourceAddress(), initiator);
            putInt(dissector.ipv4().destinationAddress(), responder);
        } else {
            versions[flow] = 6;
            MemorySegment segment = dissector.ipv6().segment();
            MemorySegment.copy(segment, ValueLayout.JAVA_BYTE,
                    dissector.ipv6().sourceAddressOffset(), addresses, initiator, ADDRESS_BYTES);
            MemorySegment.copy(segment, ValueLayout.JAVA_BYTE,
                    dissector.ipv6().destinationAddressOffset(), addresses, responder, ADDRESS_BYTES);
        }
        int source = dissector.tcp().sourcePort();
        int destination = dissector.tcp().destinationPort();
        ports[flow] = direction == FROM_INITIATOR ? source << 16 | destination : destination << 16 | source;
        vlans[flow] = dissector.vlanCount() > 0 ? dissector.vlanId(0) : -1;
    }

    @Override
    public void streamData(int flow, int direction, MemorySegment data, long offset, int length, Packet packet) {
        int d = 2 * flow + direction;
        if (failure != null || versions[flow] == 0) {
            return;
        }
        try {
            FileChannel channel = channel(flow, direction);
            for (int done = 0; done < length; ) {
                int chunk = Math.min(COPY_BUFFER_BYTES, length - done);
                MemorySegment.copy(data, offset + done, bufferSegment, 0, chunk);
                buffer.clear().limit(chunk);
                while (buffer.hasRemaining()) {
                    positions[d] += channel.write(buffer, positions[d]);
                }
                done += chunk;
            }
            lastWrite[d] = ++writes;
        } catch (IOException e) {
            failure = e;
        }
    }

    @Override
    public void streamGap(int flow, int direction, long bytes) {
        // The bytes never came: the next ones are written after a hole, at their own offset.
        positions[2 * flow + direction] += bytes;
    }

    @Override
    public void flowEnded(int flow) {
        for (int d = 2 * flow; d < 2 * flow + 2; d++) {
            closeChannel(d);
            paths[d] = null;
        }
        versions[flow] = 0;
    }

    private FileChannel channel(int flow, int direction) throws IOException {
        int d = 2 * flow + direction;
        if (channels[d] != null) {
            return channels[d];
        }
        if (openCount == MAX_OPEN_FILES) {
            closeLeastRecentlyWritten();
        }
        if (paths[d] == null) {
            paths[d] = unusedPath(flow, direction);
            channels[d] = FileChannel.open(paths[d], StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        } else {
            channels[d] = FileChannel.open(paths[d], StandardOpenOption.WRITE);
        }
        open[openCount++] = d;
        return channels[d];
    }

    private void closeLeastRecentlyWritten() {
        int oldest = 0;
        for (int i = 1; i < openCount; i++) {
            if (lastWrite[open[i]] < lastWrite[open[oldest]]) {
                oldest = i;
            }
        }
        closeChannel(open[oldest]);
    }

    private void closeChannel(int d) {
        FileChannel channel = channels[d];
        if (channel == null) {
            return;
        }
        channels[d] = null;
        for (int i = 0; i < openCount; i++) {
            if (open[i] == d) {
                open[i] = open[--openCount];
                break;
            }
        }
        try {
            channel.close();
        } catch (IOException e) {
            if (failure == null) {
                failure = e;
            }
        }
    }

    /** tcpflow's name, with {@code cN} when a file of an earlier connection already has it. */
    private Path unusedPath(int flow, int direction) {
        String name = name(flow, direction);
        Path path = directory.resolve(name);
        for (int connection = 1; Files.exists(path); connection++) {
            path = directory.resolve(name + "c" + connection);
        }
        return path;
    }

    /** {@code SRCIP.SRCPORT-DSTIP.DSTPORT[--VLAN]} of one direction. */
    String name(int flow, int direction) {
        int source = direction == FROM_INITIATOR ? ports[flow] >>> 16 : ports[flow] & 0xffff;
        int destination = direction == FROM_INITIATOR ? ports[flow] & 0xffff : ports[flow] >>> 16;
        StringBuilder name = new StringBuilder(96);
        endpoint(name, flow, direction, source).append('-');
        endpoint(name, flow, direction ^ 1, destination);
        if (vlans[flow] >= 0) {
            name.append("--").append(vlans[flow]);
        }
        return name.toString();
    }

    private StringBuilder endpoint(StringBuilder name, int flow, int side, int port) {
        int at = flow * 2 * ADDRESS_BYTES + side * ADDRESS_BYTES;
        if (versions[flow] == 4) {
            for (int i = 0; i < 4; i++) {
                name.append(String.format("%03d.", addresses[at + i] & 0xff));
            }
        } else {
            char[] text = new char[45];
            int length = AddressFormat.ipv6(MemorySegment.ofArray(addresses), at, text, 0);
            name.append(text, 0, length).append('.');
        }
        return name.append(String.format("%05d", port));
    }

    private void putInt(int value, int at) {
        for (int i = 0; i < 4; i++) {
            addresses[at + i] = (byte) (value >>> (24 - 8 * i));
        }
    }

    private void capacityChanged(int grown) {
        if (versions.length >= grown) {
            return;
        }
        addresses = Arrays.copyOf(addresses, grown * 2 * ADDRESS_BYTES);
        ports = Arrays.copyOf(ports, grown);
        vlans = Arrays.copyOf(vlans, grown);
        versions = Arrays.copyOf(versions, grown);
        channels = Arrays.copyOf(channels, grown * 2);
        paths = Arrays.copyOf(paths, grown * 2);
        positions = Arrays.copyOf(positions, grown * 2);
        lastWrite = Arrays.copyOf(lastWrite, grown * 2);
    }

    /** Closes every file; throws the first write error, if any. */
    @Override
    public void close() throws IOException {
        while (openCount > 0) {
            closeChannel(open[openCount - 1]);
        }
        if (failure != null) {
            throw new IOException("--dump-streams " + directory + ": " + failure.getMessage(), failure);
        }
    }
}
