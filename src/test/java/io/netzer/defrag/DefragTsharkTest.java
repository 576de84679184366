package io.netzer.defrag;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netzer.capture.CaptureFiles;
import io.netzer.capture.PacketBatch;
import io.netzer.capture.PacketSource;
import io.netzer.dissect.Dissector;
import io.netzer.dissect.Packet;
import io.netzer.testing.Corpus;
import io.netzer.testing.Tools;
import io.netzer.testing.FlowFrames;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Oracle test: the datagrams tshark reassembles from fragments in the corpus ({@code ip.reassembled.length},
 * {@code ipv6.reassembled.length}, on the frame that completes each one) are the datagrams the defragmenter
 * completes, on the same frame, with as many bytes of data; and it completes none that tshark does not. The same
 * over a capture of interleaved datagrams in fragments written by the test.
 */
class DefragTsharkTest {
    /** The corpus's captures with fragments, and those tshark leaves whole (an atomic fragment, a bad offset). */
    private static final List<String> FILES = List.of("pcpp-ip4_fragments.pcap", "pcpp-ip6_fragments.pcap",
            "pcpp-frag_with_padding.pcap", "pcpp-ip4_bad_fragment.pcap", "zeek-ipv6-fragmented-dns.pcap",
            "zeek-ipv6-http-atomic-frag.pcap", "suricata-exception-policy-defrag-ipv4frags.pcap");

    @Test
    void shouldCompleteTheDatagramsTsharkReassembles() throws IOException, InterruptedException {
        Tools.require("tshark");
        Path pcaps = Corpus.pcaps();
        Map<String, List<String>> expected = new TreeMap<>();
        Map<String, List<String>> actual = new TreeMap<>();
        int datagrams = 0;
        for (String name : FILES) {
            Path file = pcaps.resolve(name);
            expected.put(name, tshark(file));
            actual.put(name, ours(file));
            datagrams += expected.get(name).size();
        }
        System.out.printf("defragmentation: %d datagrams reassembled by tshark in %d captures%n", datagrams,
                FILES.size());
        assertTrue(datagrams >= 13, "expected the corpus's fragmented datagrams, found " + datagrams);
        assertEquals(expected, actual);
    }

    /**
     * The same comparison over a capture written here: 200 UDP datagrams of IPv4 and IPv6, from 100 to 9,000
     * bytes, cut at random multiples of 8, each sent in a random order with a repeated fragment now and then, and
     * the datagrams interleaved, a few of them missing a fragment.
     */
    @Test
    void shouldCompleteTheDatagramsTsharkReassemblesInAGeneratedCapture(@TempDir Path directory)
            throws IOException, InterruptedException {
        Tools.require("tshark");
        Random random = new Random(13);
        List<List<byte[]>> datagrams = new ArrayList<>();
        for (int id = 1; id <= 200; id++) {
            boolean v6 = id % 2 == 0;
            FlowFrames.Endpoints hosts = FlowFrames.Endpoints.ipv4(0x0a000001, 1024 + id, 0x0a000002, 53);
            byte[] payload = new byte[100 + random.nextInt(8900)];
            random.nextBytes(payload);
            byte[] whole = FlowFrames.udp(v6 ? hosts.ipv6() : hosts, true, payload);
            int data = payload.length + 8;
            List<byte[]> fragments = new ArrayList<>();
            for (int offset = 0; offset < data; ) {
                int length = Math.min(data - offset, 8 * (1 + random.nextInt(185)));
                boolean more = offset + length < data;
                fragments.add(FragmentFrames.slice(whole, v6, id, offset, length, more));
                offset += length;
            }
            if (fragments.size() > 1 && random.nextInt(4) == 0) {
                fragments.add(fragments.get(random.nextInt(fragments.size() - 1)));
            }
            Collections.shuffle(fragments, random);
            if (fragments.size() > 2 && random.nextInt(10) == 0) {
                fragments.remove(0);
            }
            datagrams.add(fragments);
        }
        Path file = directory.resolve("fragments.pcap");
        writeInterleaved(datagrams, random, file);
        List<String> expected = tshark(file);
        assertTrue(expected.size() > 100, "datagrams tshark reassembled: " + expected.size());
        assertEquals(expected, ours(file));
    }

    /** Writes the fragments, the datagrams interleaved but each one's fragments in their order, as a pcap file. */
    private static void writeInterleaved(List<List<byte[]>> datagrams, Random random, Path file) throws IOException {
        List<Deque<byte[]>> queues = new ArrayList<>();
        datagrams.forEach(d -> queues.add(new ArrayDeque<>(d)));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteBuffer header = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
        header.putInt(0xa1b2c3d4).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0).putInt(65535).putInt(1);
        out.write(header.array());
        int frame = 0;
        while (!queues.isEmpty()) {
            int pick = random.nextInt(Math.min(8, queues.size()));
            byte[] bytes = queues.get(pick).poll();
            if (queues.get(pick).isEmpty()) {
                queues.remove(pick);
            }
            ByteBuffer record = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
            record.putInt(1_700_000_000).putInt(frame++).putInt(bytes.length).putInt(bytes.length);
            out.write(record.array());
            out.write(bytes);
        }
        Files.write(file, out.toByteArray());
    }

    /** "frame length" for each datagram tshark reassembles, its data length as tshark gives it. */
    private static List<String> tshark(Path file) throws IOException, InterruptedException {
        Tools.Result result = Tools.run("tshark", "-r", file.toString(), "-o", "ip.defragment:TRUE", "-o",
                "ipv6.defragment:TRUE", "-T", "fields", "-e", "frame.number", "-e", "ip.reassembled.length", "-e",
                "ipv6.reassembled.length");
        assertEquals(0, result.exitCode(), result.stderr());
        List<String> rows = new ArrayList<>();
        for (String line : result.stdout().split("\n")) {
            String[] fields = line.split("\t", -1);
            if (fields.length == 3 && !(fields[1] + fields[2]).isEmpty()) {
                rows.add(fields[0] + " " + (fields[1].isEmpty() ? fields[2] : fields[1]));
            }
        }
        return rows;
    }

    /** "frame length" for each datagram the defragmenter completes, its length after the IP headers kept. */
    private static List<String> ours(Path file) throws IOException {
        List<String> rows = new ArrayList<>();
        Dissector dissector = new Dissector();
        Packet packet = new Packet();
        PacketBatch batch = new PacketBatch();
        try (PacketSource source = CaptureFiles.open(file);
                Defragmenter defragmenter = new Defragmenter(DefragConfig.defaults())) {
            while (source.nextBatch(batch)) {
                for (int i = 0; i < batch.count(); i++) {
                    batch.packet(i, packet);
                    dissector.dissect(packet);
                    if (defragmenter.accept(packet, dissector) == Defragmenter.COMPLETE) {
                        rows.add(packet.sequence() + " " + defragmenter.dataLength());
                    }
                }
            }
        }
        return rows;
    }

}
