package io.netzer.export;

import io.netzer.app.DnsMessage;
import io.netzer.app.HttpExchange;
import io.netzer.app.TlsHandshake;
import io.netzer.dissect.Dissector;
import io.netzer.dissect.Packet;
import io.netzer.flow.FlowView;
import io.netzer.pipeline.EventContext;
import io.netzer.pipeline.EventSink;
import io.netzer.pipeline.PacketSink;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * One aligned line per packet for a person at a terminal, in tcpdump's habits (time of day, {@code addr.port},
 * flags as {@code [S.]}):
 *
 * <pre>
 * 15:59:35.123456 TCP   192.0.2.10.51234      > 198.51.100.7.443      [S.] seq 1 ack 2 win 64240 len 0
 * </pre>
 *
 * Each line is composed by {@link PacketLineText} in a reused char array and copied here into a byte buffer
 * (everything written is ASCII), so a packet costs no garbage; this class owns the output: the buffer, the
 * payload dumps, event lines and flushing. Colour only when asked (the CLI asks when stdout is a terminal).
 */
public final class TextPacketSink implements PacketSink, EventSink {
    private static final int BUFFER_SIZE = 1 << 16;

    private final OutputStream output;
    private final boolean flushEachBatch;
    private final boolean packetEvents;
    private final TextOptions options;
    private final PacketLineText lineText;
    private final TextEvents eventLines;
    private long printed;
    private byte[] buffer = new byte[BUFFER_SIZE];
    private int buffered;

    /**
     * A text sink.
     *
     * @param output            where lines go; closed by {@link #close()}
     * @param colour            whether to colour protocol names and faults with ANSI escapes
     * @param quick             tcpdump's {@code -q}: less protocol detail per line
     * @param flushEachBatch    write out after every batch (a terminal, a live capture)
     * @param zoneOffsetSeconds the local zone's offset from UTC, for the time of day
     * @param nanoseconds       print nine fractional digits instead of six
     */
    public TextPacketSink(OutputStream output, boolean colour, boolean quick, boolean flushEachBatch,
            long zoneOffsetSeconds, boolean nanoseconds) {
        this(output, colour, quick, flushEachBatch, zoneOffsetSeconds, nanoseconds, true);
    }

    /**
     * A text sink that shows packets when asked, and the events handed to it as an {@link EventSink} (one line
     * each, in the order they happen, packets included; see {@link TextEvents}).
     *
     * @param output            where lines go; closed by {@link #close()}
     * @param colour            whether to colour protocol names and faults with ANSI escapes
     * @param quick             tcpdump's {@code -q}: less protocol detail per line
     * @param flushEachBatch    write out after every batch (a terminal, a live capture)
     * @param zoneOffsetSeconds the local zone's offset from UTC, for the time of day
     * @param nanoseconds       print nine fractional digits instead of six
     * @param packetEvents      write a line per packet
     */
    public TextPacketSink(OutputStream output, boolean colour, boolean quick, boolean flushEachBatch,
            long zoneOffsetSeconds, boolean nanoseconds, boolean packetEvents) {
        this(output, colour, quick, flushEachBatch, zoneOffsetSeconds, TextOptions.DEFAULT.withNanoseconds(nanoseconds),
                packetEvents);
    }

    /**
     * A text sink with tcpdump's line options ({@code -#}, {@code -t*}, {@code -e}, {@code -v}, {@code -x*},
     * {@code -X*}, {@code -A}, {@code -l}).
     *
     * @param output            where lines go; closed by {@link #close()}
     * @param colour            whether to colour protocol names and faults with ANSI escapes
     * @param quick             tcpdump's {@code -q}: less protocol detail per line
     * @param flushEachBatch    write out after every batch (a terminal, a live capture)
     * @param zoneOffsetSeconds the local zone's offset from UTC, for the time of day
     * @param options           what each line shows
     * @param packetEvents      write a line per packet
     */
    public TextPacketSink(OutputStream output, boolean colour, boolean quick, boolean flushEachBatch,
            long zoneOffsetSeconds, TextOptions options, boolean packetEvents) {
        boolean nanoseconds = options.nanoseconds();
        this.options = options;
        this.lineText = new PacketLineText(colour, quick, options,
                new TimeColumn(options.time(), zoneOffsetSeconds, nanoseconds),
                options.absoluteSequence() || !packetEvents ? null : new TcpSequenceBases());
        this.packetEvents = packetEvents;
        this.eventLines = new TextEvents(colour, zoneOffsetSeconds, nanoseconds ? 9 : 6);
        this.output = output;
        this.flushEachBatch = flushEachBatch;
    }

    @Override
    public void accept(Packet packet, Dissector d) throws IOException {
        if (!packetEvents) {
            if (buffered >= BUFFER_SIZE) {
                flushBuffer();
            }
            return;
        }
        int length = lineText.compose(packet, d, ++printed);
        copyLine(lineText.chars(), length);
        if (options.dump() != PayloadDump.Mode.NONE) {
            dump(packet, d);
        }
        endLine();
    }

    /** The packet's bytes after the line; from the network header unless the mode includes the link header. */
    private void dump(Packet packet, Dissector d) throws IOException {
        PayloadDump.Mode mode = options.dump();
        int skip = mode.withLinkHeader() ? 0 : LinkHeaders.length(packet, d);
        int length = packet.capturedLength() - skip;
        if (length <= 0) {
            return;
        }
        int room = PayloadDump.maxLength(mode, length);
        if (buffered + room > buffer.length) {
            flushBuffer();
            if (room > buffer.length) {
                // Grows once to the largest packet seen (a snapshot length bounds it).
                buffer = new byte[room];
            }
        }
        buffered = PayloadDump.write(mode, packet.segment(), packet.offset() + skip, length, buffer, buffered);
    }

    private void endLine() throws IOException {
        if (buffered >= buffer.length) {
            flushBuffer();
        }
        buffer[buffered++] = '\n';
        if (options.lineBuffered()) {
            flush();
        }
    }

    @Override
    public boolean needsDissection() {
        return packetEvents;
    }

    @Override
    public void tls(EventContext context, Packet packet, TlsHandshake handshake) {
        appendEvent(eventLines.tls(context, handshake));
    }

    @Override
    public void dns(EventContext context, Packet packet, DnsMessage message) {
        appendEvent(eventLines.dns(context, message));
    }

    @Override
    public void http(EventContext context, Packet packet, HttpExchange exchange) {
        appendEvent(eventLines.http(context, exchange));
    }

    @Override
    public void flow(FlowView flow) {
        appendEvent(eventLines.flow(flow));
    }

    /** Appends an event's line as UTF-8; the buffer grows if needed and is written out by the packet side. */
    private void appendEvent(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        if (buffered + bytes.length > buffer.length) {
            buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, buffered + bytes.length));
        }
        System.arraycopy(bytes, 0, buffer, buffered, bytes.length);
        buffered += bytes.length;
    }

    private void copyLine(char[] line, int length) throws IOException {
        if (buffered + length > buffer.length) {
            flushBuffer();
        }
        for (int i = 0; i < length; i++) {
            buffer[buffered + i] = (byte) line[i];
        }
        buffered += length;
    }

    @Override
    public void endOfBatch() throws IOException {
        if (flushEachBatch) {
            flush();
        }
    }

    /** A live source was quiet: flow events the flow stage emitted at its timeouts are written out now. */
    @Override
    public void idle(long nowNanos) throws IOException {
        endOfBatch();
    }

    /** A round of the capture's end: the event lines of the flows it ended are written out once enough. */
    @Override
    public boolean endOfCapture() throws IOException {
        if (buffered >= BUFFER_SIZE) {
            flushBuffer();
        }
        return false;
    }

    @Override
    public void flush() throws IOException {
        flushBuffer();
        output.flush();
    }

    private void flushBuffer() throws IOException {
        output.write(buffer, 0, buffered);
        buffered = 0;
    }

    @Override
    public void close() throws IOException {
        try {
            flush();
        } finally {
            output.close();
        }
    }
}
