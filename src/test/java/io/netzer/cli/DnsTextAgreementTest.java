package io.netzer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netzer.testing.Corpus;
import io.netzer.testing.FlowFrames;
import io.netzer.testing.NetzerCli;
import io.netzer.testing.Tools;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * DNS over TCP and the answer types tcpdump renders (TXT, MX, SRV, CNAME, PTR, NS, and SOA without its data) on
 * text lines, against tcpdump 4.99 packet by packet: the corpus's DNS-over-TCP capture, and a capture written here
 * with a response of every such type over TCP and UDP, a segment holding two messages, a message split over two
 * segments and a one-byte segment (tcpdump's {@code [prefix length(P) != length(N)] (invalid)} and
 * {@code [DNS over TCP: length 1 < 2] (invalid)}).
 */
class DnsTextAgreementTest {
    private static final Pattern TCPDUMP_TCP = Pattern.compile("length \\d+ (.+)$");
    private static final Pattern NETZER_TCP = Pattern.compile(" len \\d+ (.+)$");
    private static final Pattern TCPDUMP_UDP = Pattern.compile("^IP \\S+ > \\S+: (.+)$");
    private static final Pattern NETZER_UDP = Pattern.compile("^UDP\\s+\\S+\\s+> \\S+\\s+(.+)$");

    @Test
    void shouldPrintTheCorpusDnsOverTcpAsTcpdumpDoes() throws Exception {
        assertEquals(2, compare(Corpus.pcaps().resolve("tcpdump-dns_tcp.pcap")), "DNS messages");
    }

    @Test
    void shouldPrintEveryAnswerTypeAndEveryFramingCaseAsTcpdumpDoes(@TempDir Path directory) throws Exception {
        FlowFrames.Endpoints tcp = FlowFrames.Endpoints.ipv4(0xc0000201, 40000, 0xc0000202, 53);
        FlowFrames.Endpoints udp = FlowFrames.Endpoints.ipv4(0xc0000201, 40001, 0xc0000202, 53);
        byte[] query = message(0x1234, 0x0100, "example.com", 16, List.of());
        byte[] response = message(0x1234, 0x8580, "example.com", 16, List.of(
                record("example.com", 16, bytes(strings("v=spf1 -all", "a\"b\u0001\u00e9 c"))),
                record("example.com", 15, concat(new byte[] {0, 10}, name("mx.example.com"))),
                record("_sip._tcp.example.com", 33, concat(new byte[] {0, 1, 0, 2, 0x13, (byte) 0xc4},
                        name("sip.example.com"))),
                record("www.example.com", 5, name("example.com")),
                record("1.2.0.192.in-addr.arpa", 12, name("host.example.com")),
                record("example.com", 2, name("ns1.example.com")),
                record("example.com", 6, concat(name("ns1.example.com"), name("admin.example.com"),
                        new byte[20])),
                record("example.com", 16, new byte[0])));
        byte[] second = message(0x4321, 0x0100, "example.org", 1, List.of());
        List<byte[]> frames = new ArrayList<>();
        long client = 1000;
        long server = 5000;
        frames.add(FlowFrames.tcp(tcp, true, client, server, FlowFrames.PSH | FlowFrames.ACK, prefixed(query)));
        client += query.length + 2;
        frames.add(FlowFrames.tcp(tcp, false, server, client, FlowFrames.PSH | FlowFrames.ACK, prefixed(response)));
        server += response.length + 2;
        byte[] two = concat(prefixed(query), prefixed(second));
        frames.add(FlowFrames.tcp(tcp, true, client, server, FlowFrames.PSH | FlowFrames.ACK, two));
        client += two.length;
        byte[] whole = prefixed(response);
        byte[] head = java.util.Arrays.copyOf(whole, 30);
        byte[] tail = java.util.Arrays.copyOfRange(whole, 30, whole.length);
        frames.add(FlowFrames.tcp(tcp, false, server, client, FlowFrames.ACK, head));
        frames.add(FlowFrames.tcp(tcp, false, server + 30, client, FlowFrames.PSH | FlowFrames.ACK, tail));
        frames.add(FlowFrames.tcp(tcp, true, client, server, FlowFrames.PSH | FlowFrames.ACK, new byte[] {0}));
        frames.add(FlowFrames.udp(udp, true, query));
        frames.add(FlowFrames.udp(udp, false, response));
        Path file = directory.resolve("dns-answers.pcap");
        Files.write(file, pcap(frames));
        assertEquals(frames.size(), compare(file), "DNS lines");
    }

    /** Compares each packet's DNS text with tcpdump's; returns how many packets carried some. */
    private static int compare(Path file) throws Exception {
        Tools.Result theirs = Tools.run("tcpdump", "-nn", "-t", "-r", file.toString());
        assertEquals(0, theirs.exitCode(), theirs.stderr());
        NetzerCli.Result ours = NetzerCli.run("-r", file.toString(), "-t");
        assertEquals(0, ours.exitCode(), ours.stderr());
        List<String> expected = theirs.stdout().lines().toList();
        List<String> actual = new String(ours.stdout(), StandardCharsets.ISO_8859_1).lines().toList();
        assertEquals(expected.size(), actual.size(), "packets");
        int dns = 0;
        for (int i = 0; i < expected.size(); i++) {
            boolean tcp = expected.get(i).contains("Flags [");
            String want = group(tcp ? TCPDUMP_TCP : TCPDUMP_UDP, expected.get(i));
            String got = group(tcp ? NETZER_TCP : NETZER_UDP, actual.get(i));
            assertEquals(want, got, "packet " + (i + 1) + ": " + actual.get(i));
            dns += want == null ? 0 : 1;
        }
        assertTrue(dns > 0, "no DNS text in " + file);
        return dns;
    }

    private static String group(Pattern pattern, String line) {
        Matcher matcher = pattern.matcher(line);
        return matcher.find() ? matcher.group(1) : null;
    }

    private static byte[] message(int id, int flags, String question, int type, List<byte[]> answers) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {(byte) (id >> 8), (byte) id, (byte) (flags >> 8), (byte) flags, 0, 1, 0,
            (byte) answers.size(), 0, 0, 0, 0});
        out.writeBytes(name(question));
        out.writeBytes(new byte[] {0, (byte) type, 0, 1});
        answers.forEach(out::writeBytes);
        return out.toByteArray();
    }

    private static byte[] record(String owner, int type, byte[] data) {
        return concat(name(owner), new byte[] {(byte) (type >> 8), (byte) type, 0, 1, 0, 0, 0x0e, 0x10,
            (byte) (data.length >> 8), (byte) data.length}, data);
    }

    private static byte[] name(String name) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (String label : name.split("\\.")) {
            out.write(label.length());
            out.writeBytes(label.getBytes(StandardCharsets.ISO_8859_1));
        }
        out.write(0);
        return out.toByteArray();
    }

    private static String strings(String... strings) {
        StringBuilder out = new StringBuilder();
        for (String s : strings) {
            out.append((char) s.length()).append(s);
        }
        return out.toString();
    }

    private static byte[] bytes(String latin1) {
        return latin1.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static byte[] prefixed(byte[] message) {
        return concat(new byte[] {(byte) (message.length >> 8), (byte) message.length}, message);
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    private static byte[] pcap(List<byte[]> frames) {
        int size = 24 + frames.stream().mapToInt(f -> 16 + f.length).sum();
        ByteBuffer pcap = ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
        pcap.putInt(0xa1b2c3d4).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0).putInt(65535).putInt(1);
        int second = 1;
        for (byte[] frame : frames) {
            pcap.putInt(second++).putInt(0).putInt(frame.length).putInt(frame.length).put(frame);
        }
        return pcap.array();
    }
}
