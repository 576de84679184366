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
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The server's side of TLS over TCP against tshark on every TLS capture of the corpus: each ServerHello tshark
 * decodes (negotiated version, cipher suite, chosen ALPN, JA3S) is in a NetZer event of the same flow, each
 * ClientHello's JA3 too, and each certificate tshark reads in clear gives the flow's event the first certificate's
 * DNS names, validity and serial number. tshark's output is cached under target/.
 */
class ServerHelloTsharkTest {
    private static final Path CACHE = Path.of("target", "tls-server-oracle-cache");
    private static final List<String> FIELDS = List.of("ip.src", "ipv6.src", "ip.dst", "ipv6.dst", "tcp.srcport",
            "tcp.dstport", "tls.handshake.type", "tls.handshake.version", "tls.handshake.extensions.supported_version",
            "tls.handshake.ciphersuite", "tls.handshake.extensions_alpn_str", "tls.handshake.ja3s",
            "tls.handshake.ja3", "x509ce.dNSName", "x509af.utcTime", "x509af.serialNumber");
    private static final String FILTER = "tcp && (tls.handshake.type == 1 || tls.handshake.type == 2"
            + " || tls.handshake.type == 11)";
    private static final DateTimeFormatter TSHARK_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss '(UTC)'",
            Locale.ROOT);

    /** Flows tshark decodes that NetZer does not, as {@code file flow}, with the reason, checked in tshark. */
    private static final Map<String, String> KNOWN_MISSES = Map.of(
            "pcpp-pcapng-example.pcapng 127.0.0.1.3306/127.0.0.1.40304",
            "MySQL that switches to TLS after its own greeting and SSL request (tshark's MySQL dissector knows the"
                    + " switch): NetZer recognises TLS from a stream's first bytes only");

    @Test
    void shouldAgreeWithTsharkOnEveryServerHelloJa3AndCertificateOfTheCorpus() throws IOException,
            InterruptedException {
        Tools.require("tshark");
        List<String> misses = new ArrayList<>();
        int serverHellos = 0;
        int certificates = 0;
        int clientHellos = 0;
        for (Path file : Corpus.readableFiles()) {
            List<String> rows = tsharkRows(file);
            if (rows.isEmpty()) {
                continue;
            }
            Set<String> found = netzerFacts(file);
            for (String row : rows) {
                String[] f = (row + "\t".repeat(FIELDS.size())).split("\t", -1);
                String flow = flow(last(f[0].isEmpty() ? f[1] : f[0]), first(f[4]), last(f[2].isEmpty() ? f[3] : f[2]),
                        first(f[5]));
                List<String> types = values(f[6]);
                Set<String> expected = new TreeSet<>();
                if (types.contains("2")) {
                    serverHellos++;
                    String version = values(f[8]).isEmpty() ? values(f[7]).getLast() : values(f[8]).getLast();
                    expected.add("server " + flow + " " + versionName(version) + " "
                            + TlsCipherSuites.name(Integer.decode(values(f[9]).getLast())) + " "
                            + (f[10].isEmpty() ? "-" : values(f[10]).getLast()) + " " + f[11]);
                }
                if (types.contains("1")) {
                    clientHellos++;
                    for (String ja3 : values(f[12])) {
                        expected.add("ja3 " + flow + " " + ja3);
                    }
                }
                if (types.contains("11") && !f[14].isEmpty()) {
                    certificates++;
                    List<String> times = values(f[14]);
                    expected.add("validity " + flow + " " + time(times.get(0)) + " " + time(times.get(1)) + " "
                            + serial(values(f[15]).getFirst()));
                    for (String name : values(f[13])) {
                        expected.add("san " + flow + " " + name);
                    }
                }
                for (String fact : expected) {
                    if (!found.contains(fact) && !(fact.startsWith("san ") && !sanChecked(found, flow))
                            && !KNOWN_MISSES.containsKey(file.getFileName() + " " + flow)) {
                        misses.add(file.getFileName() + ": " + fact);
                    }
                }
            }
        }
        assertTrue(serverHellos > 300 && clientHellos > 300 && certificates > 20,
                serverHellos + " ServerHellos, " + clientHellos + " ClientHellos, " + certificates + " certificates");
        assertEquals(List.of(), misses, "what tshark decodes and NetZer's events lack (file: fact flow ...)");
    }

    /**
     * tshark lists the DNS names of every certificate of the chain, NetZer those of the server's own (CA
     * certificates seldom carry any; none in the corpus does): names are checked on flows whose event has names,
     * and the validity fact already fails a flow whose certificate NetZer did not read.
     */
    private static boolean sanChecked(Set<String> found, String flow) {
        return found.contains("has-san " + flow);
    }

    /** NetZer's events as facts in the test's words. */
    private static Set<String> netzerFacts(Path file) throws IOException {
        Set<String> facts = new HashSet<>();
        for (JsonNode event : TsharkFields.netzerEvents(file, "tls")) {
            String flow = TsharkFields.flow(event);
            JsonNode tls = event.path("tls");
            facts.add("ja3 " + flow + " " + tls.path("client").path("ja3").asText());
            JsonNode server = tls.path("server");
            if (server.has("ja3s")) {
                facts.add("server " + flow + " " + tls.path("version").asText() + " " + tls.path("cipher").asText()
                        + " " + tls.path("next_protocol").asText("-") + " " + server.path("ja3s").asText());
            }
            JsonNode x509 = server.path("x509");
            if (x509.has("not_before")) {
                facts.add("validity " + flow + " " + x509.path("not_before").asText() + " "
                        + x509.path("not_after").asText() + " " + serial(x509.path("serial_number").asText()));
            }
            for (JsonNode name : x509.path("alternative_names")) {
                facts.add("san " + flow + " " + name.asText());
                facts.add("has-san " + flow);
            }
        }
        return facts;
    }

    private static String versionName(String hex) {
        return switch (hex) {
            case "0x0300" -> "3.0";
            case "0x0301" -> "1.0";
            case "0x0302" -> "1.1";
            case "0x0303" -> "1.2";
            case "0x0304" -> "1.3";
            default -> hex;
        };
    }

    private static String time(String tshark) {
        return LocalDateTime.parse(tshark, TSHARK_TIME).toInstant(ZoneOffset.UTC).toString();
    }

    /** A serial number's hex without leading zeros, lower case: tshark and NetZer differ in both. */
    private static String serial(String hex) {
        String lower = hex.toLowerCase(Locale.ROOT).replace(":", "");
        int start = 0;
        while (start < lower.length() - 1 && lower.charAt(start) == '0') {
            start++;
        }
        return lower.substring(start);
    }

    private static List<String> tsharkRows(Path file) throws IOException, InterruptedException {
        return TsharkFields.rows(CACHE, file, FILTER, FIELDS);
    }
}
