package io.netzer.testing;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The packaged application ({@code ./netzer}) running {@code --serve} on a test network's host end, on free ports
 * (dashboard on 127.0.0.1, management on 127.0.0.1 too, so parallel test runs never collide), as a user would run
 * it. Stopped with SIGTERM on close.
 */
public final class ServedNetzer implements AutoCloseable {
    private static final Path HOME = Path.of(System.getProperty("netzer.home", "."));
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final Process process;
    private final Path stdout;
    private final Path stderr;
    private final int port;
    private final String managementHost;
    private final int managementPort;

    private ServedNetzer(Process process, Path stdout, Path stderr, int port, String managementHost,
            int managementPort) {
        this.process = process;
        this.stdout = stdout;
        this.stderr = stderr;
        this.port = port;
        this.managementHost = managementHost;
        this.managementPort = managementPort;
    }

    /**
     * Starts {@code ./netzer -i IFACE --serve --port P args...} and waits until readiness is UP.
     *
     * @param environment extra environment (Quarkus and {@code netzer.serve.*} settings as variables;
     *     {@code QUARKUS_MANAGEMENT_HOST} moves the management port off 127.0.0.1)
     */
    public static ServedNetzer start(TestNetwork network, Path dir, Map<String, String> environment, String... args)
            throws Exception {
        int port = freePort();
        int management = freePort();
        List<String> command = new ArrayList<>(List.of(HOME.resolve("netzer").toString(), "-i",
                network.hostInterface(), "--serve", "--port", Integer.toString(port)));
        command.addAll(List.of(args));
        Path out = dir.resolve("netzer-" + port + ".out");
        Path err = dir.resolve("netzer-" + port + ".err");
        ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
        builder.environment().put("QUARKUS_MANAGEMENT_PORT", Integer.toString(management));
        builder.environment().put("QUARKUS_MANAGEMENT_HOST", "127.0.0.1");
        builder.environment().putAll(environment);
        ServedNetzer netzer = new ServedNetzer(builder.start(), out, err, port,
                builder.environment().get("QUARKUS_MANAGEMENT_HOST"), management);
        try {
            netzer.awaitReady();
        } catch (Exception | AssertionError e) {
            netzer.close();
            throw e;
        }
        return netzer;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private void awaitReady() throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120); // the launcher may build first
        while (true) {
            assertTrue(process.isAlive(), "netzer ended: " + stderr());
            assertTrue(System.nanoTime() < deadline, "netzer not ready in time: " + stderr());
            try {
                if (managementGet("/q/health/ready").statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(200);
        }
    }

    /** The dashboard's base URL, {@code http://127.0.0.1:PORT}. */
    public String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    /** The port of the dashboard and API. */
    public int port() {
        return port;
    }

    /** GET on the dashboard's port. */
    public HttpResponse<String> get(String path, String... headers) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl() + path))
                .timeout(Duration.ofSeconds(10));
        if (headers.length > 0) {
            request.headers(headers);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The management port's address (health, metrics). */
    public InetSocketAddress management() {
        return new InetSocketAddress(managementHost, managementPort);
    }

    /** GET on the management port (health, metrics). */
    public HttpResponse<String> managementGet(String path) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://" + managementHost + ":" + managementPort + path))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The value of a Prometheus sample ({@code name{labels}}) on /q/metrics; -1 when absent. */
    public double metric(String sample) throws IOException, InterruptedException {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(sample) + " (\\S+)$")
                .matcher(managementGet("/q/metrics").body());
        return m.find() ? Double.parseDouble(m.group(1)) : -1;
    }

    /** The process's resident memory in KiB (VmRSS). */
    public long residentKib() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        return -1;
    }

    /** The process. */
    public Process process() {
        return process;
    }

    /** What it wrote to stdout so far. */
    public List<String> stdoutLines() throws IOException {
        return Files.readAllLines(stdout);
    }

    /** What it wrote to stderr so far. */
    public String stderr() throws IOException {
        return Files.readString(stderr);
    }

    /** SIGTERM, then waits for the exit (the closing lines are then on stderr). */
    @Override
    public void close() throws Exception {
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
