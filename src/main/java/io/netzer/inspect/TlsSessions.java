package io.netzer.inspect;

import io.netzer.app.ClientHello;
import io.netzer.app.ServerHello;
import io.netzer.app.TlsHandshake;
import io.netzer.dissect.Packet;
import io.netzer.flow.SlotCapacity;
import java.util.Arrays;

/**
 * The TLS handshakes waiting for their server, over TCP or in QUIC Initials ({@link QuicFlows}): one
 * {@code netzer.tls} event per handshake, written when the handshake is resolved (established, or a
 * HelloRetryRequest), when one of its directions is given up (not TLS, malformed, a gap, its buffer taken back, too
 * many records or datagrams) or when the flow ends, so that no ClientHello goes without its event. A waiting
 * handshake holds a pooled {@link TlsHandshake} (its own copy of the hello, about 12 KiB); at most
 * {@code maxPending} exist, created on demand and reused. When all are in use, a new hello's event is written at
 * once without the server's side, and counted ({@link InspectorCounter#TLS_PENDING_FULL}).
 * Per-flow state is arrays indexed by the tracker's slot; nothing is allocated per packet once the pool is warm.
 */
final class TlsSessions implements SlotCapacity {
    /** Default most handshakes waiting for their server at once. */
    static final int DEFAULT_MAX_PENDING = 256;
    /**
     * Records both directions may send after the client's hello without the handshake being resolved before its
     * event is written: a full TLS 1.2 handshake takes about eight, a flight split into many small records more.
     */
    static final int MAX_RECORDS = 64;

    private static final int CONTENT_TYPE_CHANGE_CIPHER_SPEC = 20;
    private static final int CONTENT_TYPE_ALERT = 21;
    private static final int CONTENT_TYPE_APPLICATION_DATA = 23;

    private final AppEvents events;
    private final TlsHandshake[] pool;
    private final int[] free;
    private int freeCount;
    private int created;
    /** Parses a server flight nobody waits for (its hello's event already written), and is then forgotten. */
    private final ServerHello unclaimed = new ServerHello();
    /** Per slot: the pool index of the handshake waiting on the flow, or -1. */
    private int[] pending;
    private byte[] clientDirection;
    private short[] records;

    TlsSessions(AppEvents events, int maxPending, int initialSlots) {
        this.events = events;
        this.pool = new TlsHandshake[maxPending];
        this.free = new int[maxPending];
        int n = Math.max(initialSlots, 1);
        pending = new int[n];
        Arrays.fill(pending, -1);
        clientDirection = new byte[n];
        records = new short[n];
    }

    @Override
    public void capacityChanged(int n) {
        int old = pending.length;
        if (n <= old) {
            return;
        }
        pending = Arrays.copyOf(pending, n);
        Arrays.fill(pending, old, n, -1);
        clientDirection = Arrays.copyOf(clientDirection, n);
        records = Arrays.copyOf(records, n);
    }

    /**
     * A ClientHello completed on a flow: kept to wait for the server, or its event written at once when the
     * pool is full. A handshake still waiting on the flow is resolved first.
     *
     * @param quic true when the hello came in QUIC Initials, false over TCP
     * @return true when it waits (the caller follows the server), false when its event is written
     */
    boolean clientHello(int flow, int direction, ClientHello hello, boolean quic, Packet packet) {
        end(flow, packet);
        int id = acquire();
        if (id < 0) {
            events.increment(InspectorCounter.TLS_PENDING_FULL);
            events.tls(flow, direction, hello, quic, packet);
            return false;
        }
        pool[id].begin(quic).client().copyFrom(hello);
        pending[flow] = id;
        clientDirection[flow] = (byte) direction;
        records[flow] = 0;
        return true;
    }

    /** True when a handshake on the flow waits for the server, whose hello came from the other direction. */
    boolean waitsForServer(int flow, int direction) {
        return pending[flow] >= 0 && clientDirection[flow] != direction;
    }

    /** Where the server's flight is parsed: the waiting handshake's, or a scratch one when none waits. */
    ServerHello serverHello(int flow) {
        return pending[flow] >= 0 ? pool[pending[flow]].server() : unclaimed;
    }

    /**
     * The server's flight was parsed into {@link #serverHello}: a HelloRetryRequest resolves the handshake at once
     * (the client's second hello starts the next one).
     *
     * @return true when it was a HelloRetryRequest
     */
    boolean serverFlight(int flow, Packet packet) {
        ServerHello hello = serverHello(flow);
        if (!hello.helloRetryRequest()) {
            return false;
        }
        end(flow, packet);
        return true;
    }

    /**
     * A record header seen in a direction after its hello or flight.
     *
     * @param type the record's content type
     * @return true when the handshake is resolved (its event written): the caller stops following the flow
     */
    boolean record(int flow, int direction, int type, Packet packet) {
        if (pending[flow] < 0) {
            return true;
        }
        TlsHandshake handshake = pool[pending[flow]];
        boolean fromServer = direction != clientDirection[flow];
        if (type == CONTENT_TYPE_CHANGE_CIPHER_SPEC) {
            handshake.changeCipherSpec(fromServer);
        } else if (type == CONTENT_TYPE_APPLICATION_DATA && fromServer && handshake.server().present()) {
            handshake.serverEncrypted();
        }
        if (handshake.established() || type == CONTENT_TYPE_ALERT || ++records[flow] > MAX_RECORDS) {
            end(flow, packet);
            return true;
        }
        return false;
    }

    /**
     * The server of a QUIC handshake sent packets beyond its Initials (the encrypted rest of its flight): the
     * handshake is established once its ServerHello was read, as TLS 1.3 over TCP is at the server's first
     * encrypted record.
     *
     * @return true when the handshake is resolved (its event written)
     */
    boolean serverEncrypted(int flow, Packet packet) {
        if (pending[flow] < 0) {
            return true;
        }
        TlsHandshake handshake = pool[pending[flow]];
        if (!handshake.server().present()) {
            return false;
        }
        handshake.serverEncrypted();
        end(flow, packet);
        return true;
    }

    /** Writes the event of the handshake waiting on the flow, if any, with what it has, and frees its place. */
    void end(int flow, Packet packet) {
        int id = pending[flow];
        if (id < 0) {
            return;
        }
        pending[flow] = -1;
        free[freeCount++] = id;
        events.handshake(flow, clientDirection[flow], pool[id], packet);
    }

    /** Handshakes waiting now. */
    int waiting() {
        return created - freeCount;
    }

    /** A free pool index, creating the handshake the first time; -1 when all {@code maxPending} are in use. */
    private int acquire() {
        if (freeCount > 0) {
            return free[--freeCount];
        }
        if (created == pool.length) {
            return -1;
        }
        pool[created] = new TlsHandshake(new ClientHello());
        return created++;
    }
}
