package io.netzer.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netzer.testing.LiveNetwork;
import io.netzer.testing.RawHttp;
import io.netzer.testing.ServedNetzer;
import io.netzer.testing.TestNetwork;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged application in service mode, attacked as a web page would: a page of another origin opening the
 * WebSocket or reading the API, a DNS-rebinding page (a foreign {@code Host}), and a redirect to another site
 * through the token's login; and as a neighbour on the network would, holding thousands of connections to the
 * management port.
 */
@ExtendWith(LiveNetwork.class)
class WebAttackIT {
    private static final int HALF_OPEN = 20_000;
    /**
     * Connections a second, with margin for a busy machine: on 2 cores the management port withstood 2,000 a second
     * (slowest probe 612 ms, 666 file descriptors) but not the generators' top speed (asked for 10,000 a second:
     * probes timed out, 12,783 file descriptors); with other builds running, 2,000 a second once timed out.
     */
    private static final int RATE = 500;
    /** The management port's cap, {@code quarkus.management.limits.max-connections}. */
    private static final int CAP = 64;
    /** Connection generators, each opening its share: one process may not hold 20,000 file descriptors here. */
    private static final int GENERATORS = 4;
    /**
     * Opens {@code count} TCP connections to {@code host port} at {@code rate} a second, each completing its
     * handshake and then sending nothing, holds every one of them open (also those the server closed), writes
     * "connected N failed M" (or the error that stopped it) to {@code log} once done and waits to be killed.
     */
    private static final String HALF_OPEN_CLIENT = """
            import resource, socket, sys, time
            host, log = sys.argv[1], sys.argv[5]
            port, count, rate = (int(arg) for arg in sys.argv[2:5])
            held, failed, due = [], 0, time.monotonic()
            try:
                resource.setrlimit(resource.RLIMIT_NOFILE, (count + 64, resource.getrlimit(resource.RLIMIT_NOFILE)[1]))
                for i in range(count):
                    pause = due - time.monotonic()
                    if pause > 0:
                        time.sleep(pause)
                    due = max(due, time.monotonic() - 1.0 / rate) + 1.0 / rate
                    s = socket.socket()
                    s.settimeout(5)
                    try:
                        s.connect((host, port))
                        held.append(s)
                    except OSError:
                        s.close()
                        failed += 1
                result = "connected %d failed %d" % (len(held), failed)
            except Exception as e:
                result = "error after %d connections: %r" % (len(held), e)
            with open(log, "w") as out:
                out.write(result + "\\n")
            while True:
                time.sleep(60)
            """;

    @TempDir
    Path dir;

    @Test
    void shouldRefuseAForeignOriginOrHostWithoutAToken(TestNetwork network) throws Exception {
        try (ServedNetzer netzer = ServedNetzer.start(network, dir, Map.of())) {
            int port = netzer.port();
            String self = "127.0.0.1:" + port;
            String evil = "Origin: http://evil.example";
            assertEquals(403, RawHttp.get(port, "/api/v1/live", self, RawHttp.upgrade(evil)).status());
            assertEquals(403, RawHttp.get(port, "/api/v1/stats", self, evil).status());
            assertEquals(403, RawHttp.get(port, "/api/v1/events", self, evil).status());
            assertEquals(421, RawHttp.get(port, "/api/v1/live", "attacker.example:" + port, RawHttp.upgrade())
                    .status());
            assertEquals(421, RawHttp.get(port, "/api/v1/stats", "attacker.example:" + port).status());
            assertEquals(421, RawHttp.get(port, "/", "attacker.example:" + port).status());

            String origin = "Origin: http://" + self;
            assertEquals(101, RawHttp.get(port, "/api/v1/live", self, RawHttp.upgrade(origin)).status());
            assertEquals(200, RawHttp.get(port, "/api/v1/stats", self, origin).status());
            assertEquals(200, RawHttp.get(port, "/api/v1/stats", "localhost:" + port,
                    "Origin: http://localhost:" + port).status());
            assertEquals(200, RawHttp.get(port, "/", self).status());
        }
    }

    @Test
    void shouldRedirectTheTokensLoginOnlyToTheDashboard(TestNetwork network) throws Exception {
        Path token = dir.resolve("token");
        Files.writeString(token, "T0k3n\n");
        try (ServedNetzer netzer = ServedNetzer.start(network, dir, Map.of(), "--auth-token-file",
                token.toString())) {
            int port = netzer.port();
            String self = "127.0.0.1:" + port;
            for (String path : List.of("//evil.example/?token=T0k3n", "//evil.example/%2e%2e?token=T0k3n",
                    "/%2F%2Fevil.example/?token=T0k3n", "/index.html?token=T0k3n", "/?token=T0k3n")) {
                RawHttp.Answer answer = RawHttp.get(port, path, self);
                assertEquals(303, answer.status(), path);
                assertEquals("/", answer.header("Location"), path);
            }
            // a path Vert.x refuses to parse gets no redirect at all
            assertEquals(400, RawHttp.get(port, "/\\evil.example/?token=T0k3n", self).status());
            // with the token, the origin rules still hold
            String bearer = "Authorization: Bearer T0k3n";
            assertEquals(200, RawHttp.get(port, "/api/v1/stats", self, bearer).status());
            assertEquals(403, RawHttp.get(port, "/api/v1/live", self, RawHttp.upgrade(bearer,
                    "Origin: http://evil.example")).status());
            assertEquals(421, RawHttp.get(port, "/api/v1/stats", "attacker.example:" + port, bearer).status());
        }
    }

    /**
     * Finding 3 of issue 11: 20,000 half-open connections from another network namespace, opened at {@value #RATE}
     * a second, to the management port bound to the veth's host address. Health is probed as the kubelet does, a
     * new connection every 200 ms from the root namespace: every probe must answer 200 within 1 s, the process's
     * file descriptors must stay under its RLIMIT_NOFILE, and afterwards the capture still counts packets and the
     * port's limits have closed every connection past its cap.
     */
    @Test
    void shouldKeepHealthAnsweringWhileANeighbourHoldsTwentyThousandConnections(TestNetwork network) throws Exception {
        try (ServedNetzer netzer = ServedNetzer.start(network, dir,
                Map.of("QUARKUS_MANAGEMENT_HOST", network.hostAddress()))) {
            long pid = netzer.process().pid();
            long limit = openFilesLimit(pid);
            String self = network.hostAddress() + ":" + netzer.management().getPort();
            // room for 20,000 client ports beside the ones the server's closes leave in TIME_WAIT
            network.inNamespace("sysctl", "-q", "-w", "net.ipv4.ip_local_port_range=1024 65000");
            List<Path> logs = new ArrayList<>();
            List<Process> generators = new ArrayList<>();
            List<Long> latencies = new ArrayList<>();
            List<String> failures = new ArrayList<>();
            long maxFds = 0;
            try {
                for (int i = 0; i < GENERATORS; i++) {
                    logs.add(dir.resolve("half-open-" + i + ".log"));
                    generators.add(network.startInNamespace("python3", "-c", HALF_OPEN_CLIENT, network.hostAddress(),
                            Integer.toString(netzer.management().getPort()), Integer.toString(HALF_OPEN / GENERATORS),
                            Integer.toString(RATE / GENERATORS), logs.get(i).toString()));
                }
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(HALF_OPEN / RATE + 20);
                while (!allWritten(logs)) {
                    assertTrue(generators.stream().allMatch(Process::isAlive), "a connection generator ended");
                    assertTrue(System.nanoTime() < deadline, "the connections were not all opened in time");
                    long start = System.nanoTime();
                    try {
                        int status = RawHttp.get(netzer.management(), 1000, "/q/health/live", self).status();
                        if (status != 200) {
                            failures.add("status " + status);
                        }
                    } catch (IOException e) {
                        failures.add(e.toString());
                    }
                    long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
                    latencies.add(millis);
                    if (millis > 1000) {
                        failures.add(millis + " ms");
                    }
                    maxFds = Math.max(maxFds, openFiles(pid));
                    Thread.sleep(Math.max(0, 200 - millis));
                }
                for (Path log : logs) {
                    assertEquals("connected " + HALF_OPEN / GENERATORS + " failed 0", Files.readString(log).strip());
                }
            } finally {
                for (Process generator : generators) {
                    generator.destroyForcibly();
                    generator.waitFor(10, TimeUnit.SECONDS);
                }
            }
            long slowest = latencies.stream().mapToLong(Long::longValue).max().orElse(-1);
            System.out.printf("WebAttackIT: %d half-open connections at %d/s: %d probes, slowest %d ms, "
                    + "at most %d of %d file descriptors%n", HALF_OPEN, RATE, latencies.size(), slowest, maxFds, limit);
            assertEquals(List.of(), failures, "probes of /q/health/live that did not answer 200 within 1 s");
            assertTrue(maxFds < limit, maxFds + " file descriptors of " + limit);

            String captured = "netzer_captured_packets_total{device=\"" + network.hostInterface() + "\"}";
            double before = netzer.metric(captured);
            network.inNamespace("ping", "-c", "3", "-i", "0.2", network.hostAddress());
            ServeIT.waitUntil(() -> netzer.metric(captured) >= before + 6);
            assertEquals(200, netzer.managementGet("/q/health/ready").statusCode());
            double closed = netzer.metric("netzer_connections_closed_total{port=\"management\",reason=\"evicted\"}")
                    + netzer.metric("netzer_connections_closed_total{port=\"management\","
                    + "reason=\"request_head_timeout\"}");
            assertTrue(closed >= HALF_OPEN - CAP, closed + " connections closed by the limits");
        }
    }

    private static boolean allWritten(List<Path> logs) throws IOException {
        for (Path log : logs) {
            if (!Files.exists(log) || Files.readString(log).isEmpty()) {
                return false;
            }
        }
        return true;
    }

    private static long openFilesLimit(long pid) throws IOException {
        return Files.readAllLines(Path.of("/proc", Long.toString(pid), "limits")).stream()
                .filter(line -> line.startsWith("Max open files"))
                .mapToLong(line -> Long.parseLong(line.substring("Max open files".length()).strip().split("\\s+")[0]))
                .findFirst().orElseThrow();
    }

    private static long openFiles(long pid) throws IOException {
        try (Stream<Path> fds = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
            return fds.count();
        }
    }
}
