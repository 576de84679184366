package io.netzer.inspect;

import io.netzer.app.ClientHello;
import io.netzer.app.ClientHelloParser;
import io.netzer.app.ParseStatus;
import io.netzer.app.QuicCryptoAssembler;
import io.netzer.app.QuicInitialParser;
import io.netzer.dissect.Packet;
import java.util.Arrays;

/**
 * The QUIC side of the inspector: each QUIC flow whose client sends Initials gets a {@link QuicCryptoAssembler}
 * from a pool (at most {@code maxConnections} ever exist) until its ClientHello is complete, fails, or takes more
 * than {@link #MAX_DATAGRAMS} datagrams; then the assembler goes back to the pool and the flow is done.
 */
final class QuicFlows {
    /** Initial datagrams a QUIC client may send before its ClientHello must be complete. */
    static final int MAX_DATAGRAMS = 32;

    private final QuicInitialParser parser;
    private final AppEvents events;
    private final QuicCryptoAssembler[] assemblers;
    private final int[] free;
    private int freeCount;
    private int created;
    /** Per slot: the assembler in use, or -1; Initial datagrams seen. */
    private int[] assembler;
    private int[] datagrams;

    QuicFlows(ClientHelloParser helloParser, AppEvents events, int maxConnections, int initialSlots) {
        this.parser = new QuicInitialParser(helloParser);
        this.events = events;
        this.assemblers = new QuicCryptoAssembler[maxConnections];
        this.free = new int[maxConnections];
        assembler = new int[initialSlots];
        datagrams = new int[initialSlots];
        Arrays.fill(assembler, -1);
    }

    /** Makes room for slots below {@code slots}. */
    void ensure(int slots) {
        int old = assembler.length;
        if (slots <= old) {
            return;
        }
        assembler = Arrays.copyOf(assembler, slots);
        Arrays.fill(assembler, old, slots, -1);
        datagrams = Arrays.copyOf(datagrams, slots);
    }

    /**
     * One datagram of the client of the flow in {@code slot}.
     *
     * @return true while the flow may still complete its hello, false when it is done with QUIC
     */
    boolean datagram(Packet packet, long offset, int length, int slot, int direction, ClientHello hello) {
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
            events.tls(slot, direction, hello, true, packet);
        } else if (status == ParseStatus.MALFORMED) {
            events.malformed(connection.malformation());
        }
        release(slot);
        return false;
    }

    /** Gives the slot's assembler back, if it has one, and forgets the slot. */
    void release(int slot) {
        datagrams[slot] = 0;
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
