package io.netzer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netzer.testing.LiveNetwork;
import io.netzer.testing.NetzerMain;
import io.netzer.testing.TestNetwork;
import io.netzer.testing.Tools;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code -D} and {@code -L} in a test namespace (veth peer, loopback), run there as a child JVM: the interfaces are
 * those {@code ip link} lists, and each line is the one tcpdump 4.99 prints for that interface (number, name,
 * state), tcpdump's own extra capture sources (nflog, dbus, ...) aside.
 */
@ExtendWith(LiveNetwork.class)
class InterfaceListingTest {
    private static final Pattern IP_LINK_NAME = Pattern.compile("^\\d+: ([^:@]+)[:@]", Pattern.MULTILINE);

    @Test
    void shouldListTheNamespacesInterfacesAsTcpdumpDoes(TestNetwork network) throws Exception {
        Tools.require("tcpdump");
        List<String> ours = network.inNamespace(netzer("-D")).stdout().lines().toList();
        List<String> names = new ArrayList<>();
        Matcher matcher = IP_LINK_NAME.matcher(network.inNamespace("ip", "-o", "link").stdout());
        while (matcher.find()) {
            names.add(matcher.group(1));
        }
        names.add("any");
        List<String> listed = ours.stream().map(line -> line.replaceFirst("^\\d+\\.(\\S+).*", "$1")).sorted()
                .toList();
        assertEquals(names.stream().sorted().toList(), listed, "" + ours);
        List<String> tcpdumps = network.inNamespace("tcpdump", "-D").stdout().lines().toList();
        for (String line : ours) {
            assertTrue(tcpdumps.contains(line), line + " not in tcpdump's " + tcpdumps);
        }
        assertEquals(List.of("Data link types for " + network.peerInterface() + " (use option -y to set):",
                "  EN10MB (Ethernet)"), network.inNamespace(netzer("-L", "-i", network.peerInterface())).stdout()
                .lines().toList());
    }

    private static String[] netzer(String... args) {
        return NetzerMain.command(args).toArray(String[]::new);
    }
}
