package io.netzer.capture;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The interface to capture on when none is given: the one that carries the IPv4 default route, with the lowest
 * metric, as read from {@code /proc/net/route}. (tcpdump takes the first interface that is up and not loopback;
 * the default route's interface is that one on a host or pod with one uplink, and the right one when there are
 * several.)
 */
public final class DefaultRouteInterface {
    /** The kernel's routing table, IPv4. */
    public static final Path PROC_NET_ROUTE = Path.of("/proc/net/route");

    private static final int RTF_UP = 0x0001;

    private DefaultRouteInterface() {
    }

    /** The interface of the default route in {@link #PROC_NET_ROUTE}, or null when there is none. */
    public static String find() throws IOException {
        return find(Files.readAllLines(PROC_NET_ROUTE));
    }

    /**
     * The interface of the default route in the lines of a {@code /proc/net/route} file: columns Iface,
     * Destination, Gateway, Flags, RefCnt, Use, Metric, Mask... in hex; a default route has destination and mask 0.
     */
    public static String find(List<String> lines) {
        String best = null;
        long bestMetric = Long.MAX_VALUE;
        for (String line : lines.subList(Math.min(1, lines.size()), lines.size())) {
            String[] columns = line.trim().split("\\s+");
            if (columns.length < 8) {
                continue;
            }
            try {
                boolean isDefault = Long.parseLong(columns[1], 16) == 0 && Long.parseLong(columns[7], 16) == 0;
                boolean up = (Integer.parseInt(columns[3], 16) & RTF_UP) != 0;
                long metric = Long.parseLong(columns[6]);
                if (isDefault && up && metric < bestMetric) {
                    best = columns[0];
                    bestMetric = metric;
                }
            } catch (NumberFormatException e) {
                // not a route line: skip it, as the kernel never writes one
            }
        }
        return best;
    }
}
