#!/usr/bin/env python3
"""Writes the pcap of the flow memory benchmark: a SYN flood of FLOWS distinct flows (a new source address and
port each, no answer) with, mixed in at random, the segments of CONNECTIONS established connections sent in a
random order, the first segment of each never sent, so reassembly must hold the rest. Packets are 1 us apart.
Prints the totals the benchmark checks the counters against. Same seed, same bytes.

usage: make-flood-pcap.py OUTPUT [FLOWS] [CONNECTIONS] [SEGMENTS_PER_CONNECTION] [SEED]
"""
import random
import struct
import sys

MSS = 1448
SERVER = bytes([192, 0, 2, 1])
MACS = bytes([2, 0, 0, 0, 0, 2, 2, 0, 0, 0, 0, 1])


def frame(src, dst, sport, dport, seq, ack, flags, payload=b""):
    tcp = struct.pack("!HHIIBBHHH", sport, dport, seq & 0xFFFFFFFF, ack & 0xFFFFFFFF, 5 << 4, flags, 65535, 0, 0)
    ip = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 40 + len(payload), 0, 0x4000, 64, 6, 0, src, dst)
    return MACS + b"\x08\x00" + ip + tcp + payload


def main():
    out = sys.argv[1]
    flows = int(sys.argv[2]) if len(sys.argv) > 2 else 2_000_000
    connections = int(sys.argv[3]) if len(sys.argv) > 3 else 64
    per_connection = int(sys.argv[4]) if len(sys.argv) > 4 else 1100
    rng = random.Random(int(sys.argv[5]) if len(sys.argv) > 5 else 7)
    usec = 1_700_000_000 * 1_000_000
    payload = bytes(rng.getrandbits(8) for _ in range(MSS))
    packets = 0
    stream_bytes = 0

    with open(out, "wb", buffering=1 << 22) as f:
        f.write(struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, 262144, 1))

        def write(data):
            nonlocal usec, packets
            usec += 1
            f.write(struct.pack("<IIII", usec // 1_000_000, usec % 1_000_000, len(data), len(data)))
            f.write(data)
            packets += 1

        clients = []
        for c in range(connections):
            client = bytes([10, 255, c >> 8, c & 0xFF])
            isn, server_isn = rng.getrandbits(32), rng.getrandbits(32)
            write(frame(client, SERVER, 40000, 443, isn, 0, 0x02))
            write(frame(SERVER, client, 443, 40000, server_isn, isn + 1, 0x12))
            write(frame(client, SERVER, 40000, 443, isn + 1, server_isn + 1, 0x10))
            clients.append((client, isn + 1, server_isn + 1))
        # Segment 0 of each connection is never sent: the rest waits for it.
        segments = [(c, i) for c in range(connections) for i in range(1, per_connection)]
        rng.shuffle(segments)
        every = max(1, flows // max(1, len(segments)))
        next_segment = 0
        for n in range(flows):
            source = bytes([10, (n >> 16) & 0x7F, (n >> 8) & 0xFF, n & 0xFF])
            write(frame(source, SERVER, 1024 + (n >> 23), 80, rng.getrandbits(32), 0, 0x02))
            if n % every == 0 and next_segment < len(segments):
                c, i = segments[next_segment]
                next_segment += 1
                client, seq, ack = clients[c]
                write(frame(client, SERVER, 40000, 443, seq + i * MSS, ack, 0x18, payload))
                stream_bytes += MSS
        for c, i in segments[next_segment:]:
            client, seq, ack = clients[c]
            write(frame(client, SERVER, 40000, 443, seq + i * MSS, ack, 0x18, payload))
            stream_bytes += MSS
    print(f"packets {packets} flows {flows + connections} stream_bytes {stream_bytes}")


if __name__ == "__main__":
    main()
