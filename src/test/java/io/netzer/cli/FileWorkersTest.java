package io.netzer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netzer.capture.CaptureFileException;
import io.netzer.capture.CaptureFiles;
import io.netzer.capture.PacketBatch;
import io.netzer.capture.PacketSource;
import io.netzer.dissect.Packet;
import io.netzer.testing.Corpus;
import io.netzer.testing.NetzerCli;
import io.netzer.testing.Tools;
import java.io.IOException;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code -r F --workers N} outputs what one worker outputs, as sets (the workers' lines interleave in whole blocks,
 * in no fixed order): the NDJSON packet lines, every event of {@code --events packet,flow,tls,dns,http} (flow events
 * with their counters and times, which run on packet time), the {@code -w} records as a multiset, and the closing
 * lines, each record counted once. Over corpus captures chosen for what keeps a worker's state together (both
 * directions of TCP and QUIC flows, IPv4 and IPv6 fragments, DNS over UDP, VLAN and QinQ, cooked v1/v2, raw IP,
 * BSD loopback, a pcapng file) and the benchmarks' mixed capture made small.
 */
class FileWorkersTest {
    private static final String EVENTS = "packet,flow,tls,dns,http";
    private static final int MIXED_PACKETS = 30_000;

    @TempDir
    static Path directory;
    private static Path mixed;

    @BeforeAll
    static void makeMixedCapture() throws Exception {
        Tools.require("python3");
        mixed = directory.resolve("mixed.pcap");
        Tools.Result made = Tools.run("python3", "bench/make-mixed-pcap.py", mixed.toString(),
                Integer.toString(MIXED_PACKETS));
        assertEquals(0, made.exitCode(), made.stderr());
    }

    static Stream<String> captures() {
        return Stream.of("pcpp-many-protocols.pcap", "pcpp-tls2.pcap", "suricata-decode-sll2-02.pcap",
                "pcpp-sll.pcap", "pcpp-ip4_fragments.pcap", "pcpp-ip6_fragments.pcap", "pcpp-DnsPackets.pcap",
                "zeek-ipv6-fragmented-dns.pcap", "suricata-exception-policy-defrag-ipv4frags.pcap",
                "zeek-vlan-qinqinq.pcap", "pcpp-raw_ip.pcap", "pcpp-null_loopback.pcap",
                "zeek-http-pipelined-requests.pcap", "zeek-quic-multiple-initial-fragmented-crypto.pcap",
                "suricata-tls-client-hello-frag-dump_mtu300.pcap", "pcpp-pcapng-example.pcapng", "mixed");
    }

    private static String path(String capture) {
        return capture.equals("mixed") ? mixed.toString() : Corpus.pcaps().resolve(capture).toString();
    }

    @ParameterizedTest
    @MethodSource("captures")
    void shouldOutputTheSamePacketLinesAndEventsWithTwoAndThreeWorkers(String capture) {
        String file = path(capture);
        for (List<String> options : List.of(List.of("--json"), List.of("--events", EVENTS, "--json"))) {
            NetzerCli.Result one = run(file, 1, options);
            assertEquals(0, one.exitCode(), one.stderr());
            for (int workers = 2; workers <= 3; workers++) {
                NetzerCli.Result many = run(file, workers, options);
                assertEquals(0, many.exitCode(), many.stderr());
                assertEquals(sortedLines(one), sortedLines(many), workers + " workers, " + options + ": " + capture);
                assertEquals(closingLines(one), closingLines(many), "closing lines, " + workers + " workers: "
                        + capture);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("captures")
    void shouldWriteTheSameRecordsWithTwoWorkers(String capture) throws Exception {
        String file = path(capture);
        Path single = directory.resolve(capture + ".1.pcap");
        Path shared = directory.resolve(capture + ".2.pcap");
        NetzerCli.Result one = NetzerCli.run("-r", file, "-w", single.toString());
        NetzerCli.Result two = NetzerCli.run("-r", file, "-w", shared.toString(), "--workers", "2");
        assertEquals(0, one.exitCode(), one.stderr());
        assertEquals(0, two.exitCode(), two.stderr());
        assertEquals(closingLines(one).replace(single.toString(), "OUT"),
                closingLines(two).replace(shared.toString(), "OUT"));
        List<String> records = records(single);
        assertEquals(records, records(shared), capture);
        assertEquals(Files.size(single), Files.size(shared));
        Tools.require("tcpdump");
        Tools.Result readSingle = Tools.run("tcpdump", "-nn", "-r", single.toString());
        Tools.Result readShared = Tools.run("tcpdump", "-nn", "-r", shared.toString());
        assertEquals(0, readShared.exitCode(), readShared.stderr());
        assertEquals(readSingle.stdout().lines().sorted().toList(), readShared.stdout().lines().sorted().toList(),
                "what tcpdump reads: " + capture);
    }

    @Test
    void shouldSpreadTheMixedCaptureOverTheWorkersAndSayHowWithDebug() {
        NetzerCli.Result two = run(mixed.toString(), 2, List.of("--json", "--debug"));
        assertEquals(0, two.exitCode(), two.stderr());
        String line = two.stderr().lines().filter(l -> l.startsWith("workers: ")).findFirst().orElseThrow();
        String[] counts = line.replaceAll(".*each: (\\d+) (\\d+) \\(each read (\\d+)\\)", "$1 $2 $3").split(" ");
        long first = Long.parseLong(counts[0]);
        long second = Long.parseLong(counts[1]);
        long read = Long.parseLong(counts[2]);
        assertTrue(read >= MIXED_PACKETS, line);
        assertEquals(read, first + second, line);
        assertTrue(Math.abs(first - second) < read / 5, "within 10 % of half each: " + line);
    }

    @Test
    void shouldReportAFaultInTheFileOnceAfterEveryPacketBeforeIt() throws Exception {
        byte[] whole = Files.readAllBytes(Corpus.pcaps().resolve("pcpp-many-protocols.pcap"));
        Path cut = directory.resolve("cut.pcap");
        Files.write(cut, Arrays.copyOf(whole, whole.length - 100));
        NetzerCli.Result one = run(cut.toString(), 1, List.of("--events", EVENTS, "--json"));
        NetzerCli.Result two = run(cut.toString(), 2, List.of("--events", EVENTS, "--json"));
        assertEquals(1, one.exitCode(), one.stderr());
        assertEquals(1, two.exitCode(), two.stderr());
        assertEquals(closingLines(one), closingLines(two));
        assertEquals(1, two.stderr().lines().filter(l -> l.contains("record data cut short")).count(), two.stderr());
        assertEquals(sortedLines(one), sortedLines(two));
    }

    @Test
    void shouldRefuseWorkersOverStandardInputAndWithACount() {
        NetzerCli.Result stdin = NetzerCli.run("-r", "-", "--workers", "2");
        assertEquals(2, stdin.exitCode());
        assertTrue(stdin.stderr().startsWith("netzer: --workers: -r - reads standard input, which only one worker"
                + " can read; give -r FILE\n"), stdin.stderr());
        String file = path("pcpp-tls2.pcap");
        NetzerCli.Result count = NetzerCli.run("-r", file, "--workers", "2", "-c", "5");
        assertEquals(2, count.exitCode());
        assertTrue(count.stderr().startsWith("netzer: --workers with -r: -c takes one worker"), count.stderr());
        NetzerCli.Result rotated = NetzerCli.run("-r", file, "--workers", "2", "-w",
                directory.resolve("r.pcap").toString(), "-C", "1");
        assertEquals(2, rotated.exitCode());
        assertTrue(rotated.stderr().startsWith("netzer: not available yet: rotating -w files (-C, -G) with more"
                + " than one worker\n"), rotated.stderr());
        NetzerCli.Result oneWorker = NetzerCli.run("-r", file, "--workers", "1", "-c", "3", "--json");
        assertEquals(0, oneWorker.exitCode(), oneWorker.stderr());
        assertEquals(3, oneWorker.stdoutText().lines().count());
    }

    private static NetzerCli.Result run(String file, int workers, List<String> options) {
        List<String> args = new ArrayList<>(List.of("-r", file, "--workers", Integer.toString(workers)));
        args.addAll(options);
        return NetzerCli.run(args.toArray(String[]::new));
    }

    /**
     * The closing lines, but for what N workers legitimately count otherwise: the peaks ("held at most"), which are
     * the sum of each worker's peak, not the peak of the sum. (DNS queries unanswered are the same: each worker
     * settles its pending queries at the file's last packet time, which the others' packets bring it.)
     */
    private static String closingLines(NetzerCli.Result result) {
        return result.stderr().replaceAll("\\d+ (bytes )?held (out of order )?at most", "# held at most");
    }

    private static List<String> sortedLines(NetzerCli.Result result) {
        return result.stdoutText().lines().sorted().toList();
    }

    /** Every record of a pcap file as its time, lengths and bytes in hex, sorted. */
    private static List<String> records(Path file) throws IOException {
        List<String> records = new ArrayList<>();
        try (PacketSource source = CaptureFiles.open(file)) {
            PacketBatch batch = new PacketBatch();
            Packet packet = new Packet();
            while (source.nextBatch(batch)) {
                for (int i = 0; i < batch.count(); i++) {
                    batch.packet(i, packet);
                    byte[] bytes = packet.segment().asSlice(packet.offset(), packet.capturedLength())
                            .toArray(ValueLayout.JAVA_BYTE);
                    records.add(packet.timestampNanos() + " " + packet.wireLength() + " "
                            + HexFormat.of().formatHex(bytes));
                }
            }
        } catch (CaptureFileException e) {
            throw new IOException(file + " is not whole", e);
        }
        records.sort(null);
        return records;
    }
}
