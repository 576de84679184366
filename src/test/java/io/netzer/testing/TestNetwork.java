package io.netzer.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.DatagramChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A veth pair for a live test: one end in the root namespace (where NetZer captures), the other in a network
 * namespace of its own (where traffic is sent from). IPv6 is off on both ends and the namespace has a permanent
 * neighbour entry for the host end, so that no ARP precedes (or drops) what a test sends. Both are removed on
 * close, also after a failure. Needs root; {@link LiveNetwork} does the root check and the cleanup for a test.
 */
public final class TestNetwork implements AutoCloseable {
    /** UDP destination port of {@link #sendUdp}. */
    public static final int UDP_PORT = 9999;

    private final String namespace;
    private final String hostInterface;
    private final String peerInterface;
    private final String hostAddress;
    private final String peerAddress;

    private TestNetwork(String id, int subnet) {
        namespace = "nzt-" + id;
        hostInterface = "nzt" + id + "h";
        peerInterface = "nzt" + id + "p";
        hostAddress = "10.213." + subnet + ".1";
        peerAddress = "10.213." + subnet + ".2";
    }

    /** Whether the tests run as root (live tests skip otherwise). */
    public static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    /** Skips the calling test unless run as root. */
    public static void requireRoot() {
        assumeTrue(isRoot(),
                "live capture tests need root (CAP_NET_RAW and network namespaces): run the tests as root");
    }

    /** Creates the namespace and the veth pair, addressed 10.213.N.1/30 (host) and .2 (peer). */
    public static TestNetwork create() throws IOException, InterruptedException {
        requireRoot();
        String id = Integer.toString(ThreadLocalRandom.current().nextInt(0x10000, 0xfffff), 16);
        TestNetwork network = new TestNetwork(id, ThreadLocalRandom.current().nextInt(1, 250));
        try {
            network.sh("ip", "netns", "add", network.namespace);
            network.sh("ip", "link", "add", network.hostInterface, "type", "veth", "peer", "name",
                    network.peerInterface);
            // No IPv6 autoconfiguration: its router solicitations and MLD reports would be stray traffic.
            network.sh("sysctl", "-q", "-w", "net.ipv6.conf." + network.hostInterface + ".disable_ipv6=1");
            network.sh("ip", "link", "set", network.peerInterface, "netns", network.namespace);
            network.inNamespace("sysctl", "-q", "-w", "net.ipv6.conf." + network.peerInterface + ".disable_ipv6=1");
            network.sh("ip", "addr", "add", network.hostAddress + "/30", "dev", network.hostInterface);
            network.sh("ip", "link", "set", network.hostInterface, "up");
            network.inNamespace("ip", "addr", "add", network.peerAddress + "/30", "dev", network.peerInterface);
            network.inNamespace("ip", "link", "set", network.peerInterface, "up");
            network.inNamespace("ip", "link", "set", "lo", "up");
            network.inNamespace("ip", "neigh", "add", network.hostAddress, "lladdr", network.hostMac(), "dev",
                    network.peerInterface, "nud", "permanent");
        } catch (IOException | RuntimeException e) {
            network.close();
            throw e;
        }
        return network;
    }

    /** The interface NetZer captures on (root namespace). */
    public String hostInterface() {
        return hostInterface;
    }

    /** The peer end (inside the namespace), where traffic is sent from. */
    public String peerInterface() {
        return peerInterface;
    }

    /** The host end's address. */
    public String hostAddress() {
        return hostAddress;
    }

    /** The peer end's address (inside the namespace). */
    public String peerAddress() {
        return peerAddress;
    }

    /** The host end's MAC address, as {@code ip} prints it. */
    private String hostMac() throws IOException {
        return Files.readString(Path.of("/sys/class/net", hostInterface, "address")).strip();
    }

    /** The peer end's MAC address bytes. */
    public byte[] peerMac() throws IOException, InterruptedException {
        String mac = inNamespace("cat", "/sys/class/net/" + peerInterface + "/address").stdout().strip();
        return HexFormat.ofDelimiter(":").parseHex(mac);
    }

    /**
     * Sends {@code count} UDP datagrams of {@code size} payload bytes from the peer to the host end, port
     * {@link #UDP_PORT}, round-robin over {@code flows} source ports from 40000; each payload starts with its
     * number, 4 bytes big-endian. A socket bound to that port on the host end for the time of the sending takes
     * them, so the host answers none with an ICMP port unreachable that a test would count.
     */
    public void sendUdp(int count, int flows, int size) throws IOException, InterruptedException {
        String script = String.join("\n",
                "import socket, sys",
                "n, flows, size = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])",
                "socks = []",
                "for f in range(flows):",
                "    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)",
                "    s.bind(('" + peerAddress + "', 40000 + f))",
                "    socks.append(s)",
                "pad = b'x' * (size - 4)",
                "for i in range(n):",
                "    socks[i % flows].sendto(i.to_bytes(4, 'big') + pad, ('" + hostAddress + "', "
                        + UDP_PORT + "))");
        try (DatagramChannel sink = DatagramChannel.open()) {
            sink.bind(new InetSocketAddress(hostAddress, UDP_PORT));
            inNamespace("python3", "-c", script, Integer.toString(count), Integer.toString(flows),
                    Integer.toString(size));
        }
    }

    /** Sends {@code count} ICMP echo requests from the peer to the host end, 10 ms apart. */
    public void ping(int count) throws IOException, InterruptedException {
        inNamespace("ping", "-q", "-c", Integer.toString(count), "-i", "0.01", "-W", "1", hostAddress);
    }

    /** Runs a command inside the peer's namespace and fails on a non-zero exit. */
    public Tools.Result inNamespace(String... command) throws IOException, InterruptedException {
        List<String> full = new ArrayList<>(List.of("ip", "netns", "exec", namespace));
        full.addAll(List.of(command));
        return sh(full.toArray(String[]::new));
    }

    /** Starts a command inside the peer's namespace without waiting for it (a traffic generator). */
    public Process startInNamespace(String... command) throws IOException {
        List<String> full = new ArrayList<>(List.of("ip", "netns", "exec", namespace));
        full.addAll(List.of(command));
        return new ProcessBuilder(full).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
    }

    /** Runs a command in the root namespace (to take the host end down, say) and fails on a non-zero exit. */
    public Tools.Result onHost(String... command) throws IOException, InterruptedException {
        return sh(command);
    }

    private Tools.Result sh(String... command) throws IOException, InterruptedException {
        Tools.Result result = Tools.run(List.of(command));
        if (result.exitCode() != 0) {
            throw new IOException(String.join(" ", command) + " failed: " + result.stderr());
        }
        return result;
    }

    @Override
    public void close() throws IOException, InterruptedException {
        Tools.run(List.of("ip", "link", "del", hostInterface));
        Tools.run(List.of("ip", "netns", "del", namespace));
    }
}
