package io.netzer.inspect;

import static io.netzer.flow.StreamListener.FROM_INITIATOR;

import io.netzer.app.ClientHello;
import io.netzer.app.ClientHelloParser;
import io.netzer.app.ParseStatus;
import io.netzer.app.QuicCryptoAssembler;
import io.netzer.app.QuicInitialParser;
import io.netzer.app.ServerHello;
import io.netzer.dissect.Packet;
import io.netzer.flow.SlotCapacity;
import java.util.Arrays;

/**
 * The QUIC side of the inspector: each QUIC flow whose client sends Initials gets a {@link QuicCryptoAssembler}
 * from a pool (at most {@code maxConnections} ever exist) until its ClientHello is complete, fails, or takes more
 * than {@link #MAX_DATAGRAMS} datagrams. A complete hello waits in {@link TlsSessions} for the server, as over TCP,
 * and keeps the assembler for the server's Initials: their ServerHello is joined to the hello's event, which is
 * written when the handshake is resolved (the server sends Handshake or 1-RTT packets after its ServerHello:
 * established; a HelloRetryRequest), when what the server's keys opened is malformed (its CRYPTO stream not a
 * ServerHello, for one), after {@link #MAX_DATAGRAMS} server datagrams without a resolution (those that open with
 * nothing among them: a spoofed datagram does not end the wait), or when the flow ends. Then the assembler goes
 * back to the pool and the flow is done.
 *
 * <p>Only flows holding an assembler follow their server ({@link #follows}): server Initials on any other flow
 * are never opened, so a stream of them costs no key derivation, no assembler and no memory.
 */
final class QuicFlows implements SlotCapacity {
    /**
     * Initial datagrams a QUIC client may send before its ClientHello must be complete, and its server before its
     * handshake must be resolved.
     */
    static final int MAX_DATAGRAMS = 32;

    private final QuicInitialParser parser;
    private final AppEvents events;
    private final TlsSessions tls;
    private final QuicCryptoAssembler[] assemblers;
    private final int[] free;
    private int freeCount;
    private int created;
    /** Per slot: the assembler in use, or -1; datagrams seen of the side being read; whether that is the server. */
    private int[] assembler;
    private int[] datagrams;
    private boolean[] serverSide;

    QuicFlows(ClientHelloParser helloParser, AppEvents events, TlsSessions tls, int maxConnections,
            int initialSlots) {
        this.parser = new QuicInitialParser(helloParser);
        this.events = events;
        this.tls = tls;
        this.assemblers = new QuicCryptoAssembler[maxConnections];
        this.free = new int[maxConnections];
        assembler = new int[initialSlots];
        datagrams = new int[initialSlots];
        serverSide = new boolean[initialSlots];
        Arrays.fill(assembler, -1);
    }

    @Override
    public void capacityChanged(int slots) {
        int old = assembler.length;
        if (slots <= old) {
            return;
        }
        assembler = Arrays.copyOf(assembler, slots);
        Arrays.fill(assembler, old, slots, -1);
        datagrams = Arrays.copyOf(datagrams, slots);
        serverSide = Arrays.copyOf(serverSide, slots);
    }

    /** True while the flow in {@code slot} is followed as QUIC: its server's datagrams are worth reading. */
    boolean follows(int slot) {
        return assembler[slot] >= 0;
    }

    /**
     * One datagram of the flow in {@code slot}: the client's are those of the initiator, which sent the first
     * Initial.
     *
     * @return true while this direction may still matter, false when it is done with QUIC
     */
    boolean datagram(Packet packet, long offset, int length, int slot, int direction, ClientHello hello) {
        return direction == FROM_INITIATOR ? client(packet, offset, length, slot, direction, hello)
                : server(packet, offset, length, slot);
    }

    private boolean client(Packet packet, long offset, int length, int slot, int direction, ClientHello hello) {
        if (assembler[slot] < 0) {
            assembler[slot] = acquire();
            if (assembler[slot] < 0) {
                events.increment(InspectorCounter.QUIC_POOL_EXHAUSTED);
                return false;
            }
        }
        QuicCryptoAssembler connection = assemblers[assembler[slot]];
        long conflicts = connection.conflictingFrames();
        int status = parser.parse(packet.segment(), offset, length, connection, hello);
        events.add(InspectorCounter.QUIC_CRYPTO_CONFLICTS, connection.conflictingFrames() - conflicts);
        if (status == ParseStatus.NEED_MORE_DATA) {
            if (++datagrams[slot] < MAX_DATAGRAMS) {
                return true;
            }
            events.increment(InspectorCounter.QUIC_TOO_MANY_DATAGRAMS);
        } else if (status == ParseStatus.COMPLETE) {
            if (tls.clientHello(slot, direction, hello, true, packet)) {
                connection.startServer();
                datagrams[slot] = 0;
                serverSide[slot] = true;
                return false;
            }
        } else if (status == ParseStatus.MALFORMED) {
            events.malformed(connection.malformation());
        }
        release(slot);
        return false;
    }

    /**
     * A server datagram: read once the client's hello waits for it (before that, only the client's Initials
     * matter; the server cannot answer a hello it has not received whole).
     */
    private boolean server(Packet packet, long offset, int length, int slot) {
        if (assembler[slot] < 0) {
            return false;
        }
        if (!serverSide[slot]) {
            return true;
        }
        QuicCryptoAssembler connection = assemblers[assembler[slot]];
        ServerHello server = tls.serverHello(slot);
        long conflicts = connection.conflictingFrames();
        int opened = connection.packetsDecrypted();
        int status = parser.parseServer(packet.segment(), offset, length, connection, server);
        events.add(InspectorCounter.QUIC_CRYPTO_CONFLICTS, connection.conflictingFrames() - conflicts);
        if (status == ParseStatus.COMPLETE && (tls.serverFlight(slot, packet)
                || connection.serverLeftInitials() && tls.serverEncrypted(slot, packet))) {
            release(slot);
            return false;
        }
        if (status == ParseStatus.MALFORMED) {
            events.malformed(connection.malformation());
        }
        // A malformed datagram none of whose packets opened with the server's keys may be anyone's (UDP is easily
        // spoofed): it is counted, and the real server's Initials are still awaited.
        boolean authentic = connection.packetsDecrypted() > opened;
        if (status != ParseStatus.MALFORMED || !authentic) {
            if (++datagrams[slot] < MAX_DATAGRAMS) {
                return true;
            }
            events.increment(InspectorCounter.QUIC_TOO_MANY_DATAGRAMS);
        }
        tls.end(slot, packet);
        release(slot);
        return false;
    }

    /** Gives the slot's assembler back, if it has one, and forgets the slot. */
    void release(int slot) {
        datagrams[slot] = 0;
        serverSide[slot] = false;
        int id = assembler[slot];
        if (id >= 0) {
            assemblers[id].reset();
            free[freeCount++] = id;
            assembler[slot] = -1;
        }
    }

    private int acquire() {
        if (freeCount > 0) {
            return free[--freeCount];
        }
        if (created == assemblers.length) {
            return -1;
        }
        assemblers[created] = new QuicCryptoAssembler();
        return created++;
    }
}
