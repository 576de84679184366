package io.netzer.app;

import java.lang.foreign.MemorySegment;
import java.util.Arrays;

/**
 * Per-connection state of a QUIC connection's Initial packets: the CRYPTO stream put back in order (frames may come
 * in any order, overlap, and span several packets and datagrams; RFC 9000 section 19.6), plus what the client's
 * first Initial fixed: the version and the original Destination Connection ID, from which every Initial key of
 * both sides is derived (RFC 9001 section 5.2) until a server's Retry gives the connection ID the keys come from
 * afterwards ({@link QuicRetry}). The stream is the client's until its hello is complete; then
 * {@link #startServer()} makes it the server's (each side's CRYPTO stream starts at offset 0), so one pooled
 * instance serves the whole exchange. The flow layer keeps one per QUIC flow and may {@link #reset()} it for reuse.
 *
 * <p>Where frames overlap, the first bytes received win, as in TCP reassembly: a later copy that differs (a
 * spoofed Initial meant to replace the server name an observer reads) is counted in {@link #conflictingFrames()}
 * and changes nothing. Memory is capped at {@link #capacity()} bytes of stream; data beyond it is dropped and
 * counted in {@link #droppedBytes()}. Received ranges are tracked with one bit per byte.
 */
public final class QuicCryptoAssembler extends ParseResult {
    /** Default cap: 64 KiB holds any real ClientHello, post-quantum ones included. */
    public static final int DEFAULT_CAPACITY = 64 * 1024;

    private final byte[] buffer;
    private final MemorySegment segment;
    private final long[] received;
    private int contiguous;
    private long droppedBytes;
    private long conflictingFrames;
    QuicVersion version;
    final byte[] originalDestinationId = new byte[QuicInitialKeys.MAX_CONNECTION_ID_LENGTH];
    int originalDestinationIdLength = -1;
    private int packetsDecrypted;
    boolean serverLeftInitials;
    /** Whether a Retry was accepted: a client accepts one (RFC 9000 section 17.2.5.2), so do we. */
    boolean retried;

    /** Creates an assembler with the {@link #DEFAULT_CAPACITY}. */
    public QuicCryptoAssembler() {
        this(DEFAULT_CAPACITY);
    }

    /**
     * Creates an assembler.
     *
     * @param capacity most bytes of CRYPTO stream kept, from offset 0
     */
    public QuicCryptoAssembler(int capacity) {
        buffer = new byte[capacity];
        segment = MemorySegment.ofArray(buffer);
        received = new long[(capacity + Long.SIZE - 1) / Long.SIZE];
    }

    /** Forgets everything, so the object can serve another connection. */
    public void reset() {
        startServer();
        version = null;
        originalDestinationIdLength = -1;
        retried = false;
    }

    /**
     * Forgets the client's stream, keeping the version and connection ID the keys come from, so the server's
     * Initials can be collected from stream offset 0 ({@link QuicInitialParser#parseServer}).
     */
    public void startServer() {
        Arrays.fill(received, 0);
        contiguous = 0;
        droppedBytes = 0;
        conflictingFrames = 0;
        packetsDecrypted = 0;
        serverLeftInitials = false;
        malformation = Malformation.NONE;
    }

    /** Most bytes of stream kept. */
    public int capacity() {
        return buffer.length;
    }

    /** The buffer holding the stream from offset 0; bytes below {@link #contiguousLength()} are valid. */
    public MemorySegment segment() {
        return segment;
    }

    /** Bytes received without a gap from stream offset 0. */
    public int contiguousLength() {
        return contiguous;
    }

    /** CRYPTO bytes that lay beyond {@link #capacity()} and were dropped. */
    public long droppedBytes() {
        return droppedBytes;
    }

    /** CRYPTO frames that overlapped bytes already received with different bytes (the first were kept). */
    public long conflictingFrames() {
        return conflictingFrames;
    }

    /**
     * True once the server sent a Handshake or 1-RTT packet: it has moved past its Initials, as a TLS 1.3 server over
     * TCP that sends encrypted records after its ServerHello.
     */
    public boolean serverLeftInitials() {
        return serverLeftInitials;
    }

    /** Initial packets of the side being collected decrypted so far. */
    public int packetsDecrypted() {
        return packetsDecrypted;
    }

    /** The QUIC version of the connection (the wire value), or 0 before the first Initial. */
    public int version() {
        return version == null ? 0 : version.wireVersion;
    }

    /** Why the last {@link QuicInitialParser#parse} returned {@link ParseStatus#MALFORMED}. */
    public Malformation malformation() {
        return malformation;
    }

    void countDecrypted() {
        packetsDecrypted++;
    }

    /**
     * Stores CRYPTO frame data at its stream offset where nothing was received yet; bytes already received are
     * compared, not replaced. What lies beyond the capacity is counted and dropped.
     */
    void add(long streamOffset, byte[] source, int sourceOffset, int length) {
        long end = streamOffset + length;
        if (end > buffer.length) {
            droppedBytes += end - Math.max(streamOffset, buffer.length);
            end = buffer.length;
        }
        if (streamOffset >= end) {
            return;
        }
        int start = (int) streamOffset;
        boolean differs = false;
        for (int i = start; i < (int) end; i++) {
            byte b = source[sourceOffset + i - start];
            if ((received[i >>> 6] & (1L << i)) != 0) {
                differs |= buffer[i] != b;
            } else {
                buffer[i] = b;
                received[i >>> 6] |= 1L << i;
            }
        }
        if (differs) {
            conflictingFrames++;
        }
        while (contiguous < buffer.length && (received[contiguous >>> 6] & (1L << contiguous)) != 0) {
            contiguous++;
        }
    }
}
