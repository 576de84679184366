#!/usr/bin/env python3
"""Writes a reproducible pcap of mixed traffic for the benchmarks: TCP connections over IPv4 and IPv6 (handshake,
data both ways, FIN), DNS over UDP, ICMP echo, ARP, some of it 802.1Q-tagged. Same seed, same bytes.

usage: make-mixed-pcap.py OUTPUT [PACKETS] [SEED]
"""
import random
import struct
import sys


def checksum_free_ipv4(src, dst, proto, payload_len, ident, ttl=64):
    return struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + payload_len, ident & 0xFFFF, 0x4000, ttl, proto, 0, src, dst)


def ipv6(src, dst, next_header, payload_len, hop_limit=64):
    return struct.pack("!IHBB16s16s", 0x60000000, payload_len, next_header, hop_limit, src, dst)


def tcp(sport, dport, seq, ack, flags, window=64240, options=b""):
    offset = (20 + len(options)) // 4
    return struct.pack("!HHIIBBHHH", sport, dport, seq & 0xFFFFFFFF, ack & 0xFFFFFFFF, offset << 4, flags,
                       window, 0, 0) + options


def ethernet(dst, src, ether_type, vlan=None):
    if vlan is None:
        return dst + src + struct.pack("!H", ether_type)
    return dst + src + struct.pack("!HHH", 0x8100, vlan, ether_type)


class Writer:
    def __init__(self, out):
        self.out = out
        self.count = 0
        self.usec = 1_700_000_000 * 1_000_000
        out.write(struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, 262144, 1))

    def packet(self, frame):
        self.usec += 37
        self.out.write(struct.pack("<IIII", self.usec // 1_000_000, self.usec % 1_000_000, len(frame), len(frame)))
        self.out.write(frame)
        self.count += 1


def tcp_connection(w, rng, v6, vlan, payload):
    cmac, smac = bytes([2, 0, 0, 0, 0, rng.randrange(256)]), bytes([2, 0, 0, 0, 1, rng.randrange(256)])
    if v6:
        c = bytes([0x20, 0x01, 0x0D, 0xB8] + [0] * 10 + [0, rng.randrange(1, 255)])
        s = bytes([0x20, 0x01, 0x0D, 0xB8] + [0] * 10 + [1, rng.randrange(1, 255)])
    else:
        c = bytes([10, 0, rng.randrange(256), rng.randrange(1, 255)])
        s = bytes([192, 0, 2, rng.randrange(1, 255)])
    cport, sport = rng.randrange(32768, 61000), rng.choice([80, 443, 8080, 22])
    cseq, sseq = rng.getrandbits(32), rng.getrandbits(32)
    ident = rng.getrandbits(16)

    def send(from_client, flags, seq, ack, data=b"", options=b""):
        nonlocal ident
        ident += 1
        segment = tcp(cport if from_client else sport, sport if from_client else cport, seq, ack, flags,
                      options=options) + data
        src, dst = (c, s) if from_client else (s, c)
        if v6:
            ip = ipv6(src, dst, 6, len(segment))
            eth = ethernet(smac if from_client else cmac, cmac if from_client else smac, 0x86DD, vlan)
        else:
            ip = checksum_free_ipv4(src, dst, 6, len(segment), ident)
            eth = ethernet(smac if from_client else cmac, cmac if from_client else smac, 0x0800, vlan)
        w.packet(eth + ip + segment)

    mss = b"\x02\x04\x05\xb4\x01\x03\x03\x07\x04\x02\x08\x0a" + struct.pack("!II", rng.getrandbits(32), 0)
    send(True, 0x02, cseq, 0, options=mss)
    send(False, 0x12, sseq, cseq + 1, options=mss)
    send(True, 0x10, cseq + 1, sseq + 1)
    cseq, sseq = cseq + 1, sseq + 1
    for _ in range(rng.randrange(1, 6)):
        request = payload[: rng.randrange(40, 400)]
        send(True, 0x18, cseq, sseq, request)
        cseq += len(request)
        for _ in range(rng.randrange(1, 4)):
            response = payload[: rng.randrange(100, 1400)]
            send(False, 0x18, sseq, cseq, response)
            sseq += len(response)
        send(True, 0x10, cseq, sseq)
    send(True, 0x11, cseq, sseq)
    send(False, 0x11, sseq, cseq + 1)
    send(True, 0x10, cseq + 1, sseq + 1)


def dns(w, rng, vlan):
    name = b"".join(bytes([len(p)]) + p for p in (b"host%d" % rng.randrange(1000), b"example", b"org")) + b"\0"
    query_id = rng.getrandbits(16)
    question = struct.pack("!HHHHHH", query_id, 0x0100, 1, 0, 0, 0) + name + struct.pack("!HH", 1, 1)
    answer = struct.pack("!HHHHHH", query_id, 0x8180, 1, 1, 0, 0) + name + struct.pack("!HH", 1, 1) \
        + struct.pack("!HHHIH4s", 0xC00C, 1, 1, 300, 4, bytes([192, 0, 2, rng.randrange(256)]))
    client = bytes([10, 0, 0, rng.randrange(1, 255)])
    server = bytes([10, 0, 0, 53])
    port = rng.randrange(32768, 61000)
    for src, dst, sport, dport, body in ((client, server, port, 53, question), (server, client, 53, port, answer)):
        udp = struct.pack("!HHHH", sport, dport, 8 + len(body), 0) + body
        w.packet(ethernet(b"\x02\0\0\0\0\x35", b"\x02\0\0\0\0\x01", 0x0800, vlan)
                 + checksum_free_ipv4(src, dst, 17, len(udp), rng.getrandbits(16)) + udp)


def ping(w, rng):
    src, dst = bytes([10, 0, 1, rng.randrange(1, 255)]), bytes([198, 51, 100, rng.randrange(1, 255)])
    ident = rng.getrandbits(16)
    for kind, a, b in ((8, src, dst), (0, dst, src)):
        icmp = struct.pack("!BBHHH", kind, 0, 0, ident, 1) + bytes(56)
        w.packet(ethernet(b"\x02\0\0\0\0\x09", b"\x02\0\0\0\0\x08", 0x0800)
                 + checksum_free_ipv4(a, b, 1, len(icmp), rng.getrandbits(16)) + icmp)


def arp(w, rng):
    sender, target = bytes([10, 0, 2, rng.randrange(1, 255)]), bytes([10, 0, 2, 1])
    body = struct.pack("!HHBBH6s4s6s4s", 1, 0x0800, 6, 4, 1, b"\x02\0\0\0\0\x07", sender, bytes(6), target)
    w.packet(ethernet(b"\xff" * 6, b"\x02\0\0\0\0\x07", 0x0806) + body + bytes(18))


def main():
    output = sys.argv[1]
    wanted = int(sys.argv[2]) if len(sys.argv) > 2 else 1_000_000
    rng = random.Random(int(sys.argv[3]) if len(sys.argv) > 3 else 20261128)
    payload = bytes(rng.getrandbits(8) for _ in range(1500))
    with open(output, "wb", buffering=1 << 20) as out:
        w = Writer(out)
        while w.count < wanted:
            roll = rng.random()
            vlan = rng.choice([None, None, None, 100, 200])
            if roll < 0.70:
                tcp_connection(w, rng, rng.random() < 0.3, vlan, payload)
            elif roll < 0.90:
                dns(w, rng, vlan)
            elif roll < 0.97:
                ping(w, rng)
            else:
                arp(w, rng)
    print(f"{output}: {w.count} packets", file=sys.stderr)


if __name__ == "__main__":
    main()
