package io.netzer.inspect;

import static io.netzer.inspect.TsharkFields.first;
import static io.netzer.inspect.TsharkFields.flow;
import static io.netzer.inspect.TsharkFields.last;
import static io.netzer.inspect.TsharkFields.values;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.netzer.app.TlsCipherSuites;
import io.netzer.testing.Corpus;
import io.netzer.testing.Tools;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The server's side of QUIC's tls events against tshark, which opens server Initials itself, on every QUIC capture
 * of the corpus (its MANIFEST.tsv names them): each ServerHello tshark decodes (negotiated version, cipher suite,
 * JA3S, and the JA4S FoxIO's definition makes of tshark's fields) is in a NetZer quic event of the same flow, and
 * the event says established exactly when tshark sees the server send a Handshake or 1-RTT packet. tshark's output
 * is cached under target/.
 */
class QuicServerHelloTsharkTest {
    private static final Path CACHE = Path.of("target", "quic-server-oracle-cache");
    private static final List<String> HELLO_FIELDS = List.of("ip.src", "ipv6.src", "ip.dst", "ipv6.dst",
            "udp.srcport", "udp.dstport", "tls.handshake.version", "tls.handshake.extensions.supported_version",
            "tls.handshake.ciphersuite", "tls.handshake.extensions_alpn_str", "tls.handshake.ja3s",
            "tls.handshake.extension.type");
    private static final List<String> ENDPOINT_FIELDS = List.of("ip.src", "ipv6.src", "ip.dst", "ipv6.dst",
            "udp.srcport", "udp.dstport");
    private static final String SERVER_HELLO = "udp && tls.handshake.type == 2";
    /** Packets past the Initials: Handshake (long header type 2 in v1) or 1-RTT (short header). */
    private static final String BEYOND_INITIAL = "quic && (quic.long.packet_type == 2 || quic.header_form == 0)";

    /** Flows tshark decodes that NetZer does not, as {@code file flow}, with the reason, checked in tshark. */
    private static final Map<String, String> KNOWN_MISSES = Map.of(
            "tcpdump-quic_handshake_truncated.pcap ::1.443/::1.65165",
            "the client's Initial is cut at the 256-byte snap length, so no ClientHello is read, and a tls event is"
                    + " one per ClientHello: tshark opens the server's Initial with keys from the cut header alone");

    @Test
    void shouldAgreeWithTsharkOnEveryQuicServerHelloOfTheCorpus() throws IOException, InterruptedException {
        Tools.require("tshark");
        List<String> misses = new ArrayList<>();
        int serverHellos = 0;
        for (Path file : quicCaptures()) {
            List<String> rows = TsharkFields.rows(CACHE, file, SERVER_HELLO, HELLO_FIELDS);
            Set<String> beyondInitial = TsharkFields.rows(CACHE, file, BEYOND_INITIAL, ENDPOINT_FIELDS).stream()
                    .map(row -> sender(row.split("\t", -1))).collect(Collectors.toSet());
            Set<String> found = netzerFacts(file);
            for (String row : rows) {
                String[] f = (row + "\t".repeat(HELLO_FIELDS.size())).split("\t", -1);
                serverHellos++;
                String flow = flow(last(f[0].isEmpty() ? f[1] : f[0]), first(f[4]), last(f[2].isEmpty() ? f[3] : f[2]),
                        first(f[5]));
                String version = values(f[7]).isEmpty() ? values(f[6]).getLast() : values(f[7]).getLast();
                String alpn = f[9].isEmpty() ? "-" : values(f[9]).getLast();
                String fact = "server " + flow + " " + versionName(version) + " "
                        + TlsCipherSuites.name(Integer.decode(values(f[8]).getLast())) + " " + alpn + " " + f[10]
                        + " " + ja4s(version, values(f[11]), alpn, values(f[8]).getLast())
                        + (beyondInitial.contains(sender(f)) ? " established" : " -");
                if (!found.contains(fact) && !KNOWN_MISSES.containsKey(file.getFileName() + " " + flow)) {
                    misses.add(file.getFileName() + ": " + fact + " (NetZer: " + found + ")");
                }
            }
        }
        assertTrue(serverHellos >= 5, serverHellos + " QUIC ServerHellos in the corpus");
        assertEquals(List.of(), misses, "what tshark decodes and NetZer's quic events lack (file: fact)");
    }

    /** The corpus's captures its manifest describes as QUIC. */
    private static List<Path> quicCaptures() throws IOException {
        Path pcaps = Corpus.pcaps();
        List<Path> captures = new ArrayList<>();
        for (String line : Files.readAllLines(pcaps.resolveSibling("MANIFEST.tsv"), StandardCharsets.UTF_8)) {
            String[] columns = line.split("\t");
            if (columns.length > 1 && columns[columns.length - 1].contains("QUIC")) {
                captures.add(pcaps.resolve(columns[0]));
            }
        }
        return captures;
    }

    /** The sending endpoint of a tshark row (addresses and ports first). */
    private static String sender(String[] f) {
        return last(f[0].isEmpty() ? f[1] : f[0]) + "." + first(f[4]) + ">" + last(f[2].isEmpty() ? f[3] : f[2])
                + "." + first(f[5]);
    }

    /**
     * JA4S from tshark's fields, by FoxIO's definition: {@code q}, the version's two digits, the extension count,
     * the chosen ALPN's first and last characters ({@code 00} without), the cipher suite in hex, and the first 12
     * hex digits of the SHA-256 of the extension types in hex, in the order sent, comma separated.
     */
    private static String ja4s(String version, List<String> extensions, String alpn, String cipher) {
        String types = extensions.stream().map(t -> String.format(Locale.ROOT, "%04x", Integer.decode(t)))
                .collect(Collectors.joining(","));
        String digits = switch (version) {
            case "0x0304" -> "13";
            case "0x0303" -> "12";
            default -> "00";
        };
        return "q" + digits + String.format(Locale.ROOT, "%02d", extensions.size())
                + (alpn.equals("-") ? "00" : "" + alpn.charAt(0) + alpn.charAt(alpn.length() - 1)) + "_"
                + String.format(Locale.ROOT, "%04x", Integer.decode(cipher)) + "_" + sha256(types).substring(0, 12);
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** NetZer's quic events as facts in the test's words. */
    private static Set<String> netzerFacts(Path file) throws IOException {
        Set<String> facts = new HashSet<>();
        for (JsonNode event : TsharkFields.netzerEvents(file, "tls")) {
            JsonNode tls = event.path("tls");
            if (!event.path("network").path("protocol").asText().equals("quic") || !tls.path("server").has("ja3s")) {
                continue;
            }
            facts.add("server " + TsharkFields.flow(event) + " " + tls.path("version").asText() + " "
                    + tls.path("cipher").asText() + " " + tls.path("next_protocol").asText("-") + " "
                    + tls.path("server").path("ja3s").asText() + " "
                    + event.path("netzer").path("tls").path("ja4s").asText()
                    + (tls.path("established").asBoolean() ? " established" : " -"));
        }
        return facts;
    }

    private static String versionName(String hex) {
        return switch (hex) {
            case "0x0303" -> "1.2";
            case "0x0304" -> "1.3";
            default -> hex;
        };
    }
}
