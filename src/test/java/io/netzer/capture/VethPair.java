package io.netzer.capture;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A test network: a fresh namespace and a veth pair with unique names ({@code nzt<hex>o} stays in the root
 * namespace, where the test captures; {@code nzt<hex>i} moves into the namespace, where traffic is sent from).
 * IPv6 is off on both ends and the namespace has a permanent neighbour entry for the outside end, so that the
 * only packets on the wire are the ones a test sends. Closing deletes both.
 */
final class VethPair implements AutoCloseable {
    /** UDP destination port of {@link #sendUdp}. */
    static final int UDP_PORT = 9999;

    final String namespace;
    final String outside;
    final String inside;
    final String outsideAddress;
    final String insideAddress;

    private VethPair(String id) {
        namespace = "nzt-" + id;
        outside = "nzt" + id + "o";
        inside = "nzt" + id + "i";
        int subnet = Integer.parseInt(id.substring(0, 2), 16);
        outsideAddress = "10.199." + subnet + ".1";
        insideAddress = "10.199." + subnet + ".2";
    }

    /** Whether the tests run as root (live tests skip otherwise). */
    static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    /** Creates the namespace and pair, or skips the test when not root. */
    static VethPair create() throws IOException {
        assumeTrue(isRoot(), "live capture tests need root (network namespaces, AF_PACKET): skipped");
        VethPair pair = new VethPair(String.format("%06x", ThreadLocalRandom.current().nextInt(1 << 24)));
        try {
            pair.setUp();
        } catch (IOException | RuntimeException e) {
            pair.close();
            throw e;
        }
        return pair;
    }

    private void setUp() throws IOException {
        run("ip", "netns", "add", namespace);
        run("ip", "link", "add", outside, "type", "veth", "peer", "name", inside);
        run("ip", "link", "set", inside, "netns", namespace);
        Files.writeString(Path.of("/proc/sys/net/ipv6/conf", outside, "disable_ipv6"), "1");
        inNamespace("sysctl", "-q", "-w", "net.ipv6.conf.all.disable_ipv6=1");
        run("ip", "link", "set", outside, "up");
        inNamespace("ip", "link", "set", "lo", "up");
        inNamespace("ip", "addr", "add", insideAddress + "/24", "dev", inside);
        inNamespace("ip", "link", "set", inside, "up");
        String mac = Files.readString(Path.of("/sys/class/net", outside, "address")).strip();
        inNamespace("ip", "neigh", "add", outsideAddress, "lladdr", mac, "dev", inside, "nud", "permanent");
    }

    /** The inside end's MAC address bytes. */
    byte[] insideMac() throws IOException {
        String mac = run("ip", "netns", "exec", namespace, "cat", "/sys/class/net/" + inside + "/address").strip();
        byte[] bytes = new byte[6];
        String[] parts = mac.split(":");
        for (int i = 0; i < 6; i++) {
            bytes[i] = (byte) Integer.parseInt(parts[i], 16);
        }
        return bytes;
    }

    /**
     * Sends {@code count} UDP datagrams of {@code size} payload bytes from the namespace to the outside end,
     * port {@link #UDP_PORT}, round-robin over {@code flows} source ports from 40000; each payload starts with
     * its number, 4 bytes big-endian.
     */
    void sendUdp(int count, int flows, int size) throws IOException {
        String script = String.join("\n",
                "import socket, sys",
                "n, flows, size = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])",
                "socks = []",
                "for f in range(flows):",
                "    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)",
                "    s.bind(('" + insideAddress + "', 40000 + f))",
                "    socks.append(s)",
                "pad = b'x' * (size - 4)",
                "for i in range(n):",
                "    socks[i % flows].sendto(i.to_bytes(4, 'big') + pad, ('" + outsideAddress + "', "
                        + UDP_PORT + "))");
        inNamespace("python3", "-c", script, Integer.toString(count), Integer.toString(flows),
                Integer.toString(size));
    }

    /** Sends {@code count} ICMP echo requests to the outside end (no replies come: it has no address). */
    void ping(int count) throws IOException {
        runAllowingFailure(List.of("ip", "netns", "exec", namespace, "ping", "-q", "-c", Integer.toString(count),
                "-i", "0.01", "-W", "1", outsideAddress));
    }

    String inNamespace(String... command) throws IOException {
        List<String> full = new ArrayList<>(List.of("ip", "netns", "exec", namespace));
        full.addAll(List.of(command));
        return run(full.toArray(String[]::new));
    }

    static String run(String... command) throws IOException {
        Result result = runAllowingFailure(List.of(command));
        if (result.status != 0) {
            throw new IOException(String.join(" ", command) + " exited with " + result.status + ": " + result.output);
        }
        return result.output;
    }

    record Result(int status, String output) {
    }

    static Result runAllowingFailure(List<String> command) throws IOException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException(String.join(" ", command) + " did not finish in 60 s");
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        return new Result(process.exitValue(), output);
    }

    @Override
    public void close() throws IOException {
        runAllowingFailure(List.of("ip", "link", "del", outside));
        runAllowingFailure(List.of("ip", "netns", "del", namespace));
    }
}
