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
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Oracle test: the datagrams tshark reassembles from fragments in the corpus ({@code ip.reassembled.length},
 * {@code ipv6.reassembled.length}, on the frame that completes each one) are the datagrams the defragmenter
 * completes, on the same frame, with as many bytes of data; and it completes none that tshark does not.
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
