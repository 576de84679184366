package io.netzer.filter;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Name lookups for the compiler, from the same files libc would read: /etc/services (ports),
 * /etc/protocols (IP protocols), /etc/hosts then the system resolver (hosts), /etc/ethers and
 * /etc/networks. Cold path: files are read once per JVM.
 */
final class Names {
    /** A port found in /etc/services: its number and whether the name exists for TCP and for UDP. */
    record Service(int port, boolean tcp, boolean udp) {
    }

    private static final Map<String, Integer> BUILTIN_PROTOCOLS = Map.ofEntries(
            Map.entry("ip", 0), Map.entry("icmp", 1), Map.entry("igmp", 2), Map.entry("tcp", 6),
            Map.entry("udp", 17), Map.entry("ipv6", 41), Map.entry("gre", 47), Map.entry("esp", 50),
            Map.entry("ah", 51), Map.entry("ipv6-icmp", 58), Map.entry("pim", 103), Map.entry("vrrp", 112),
            Map.entry("sctp", 132));
    private static final Map<String, Integer> ETHER_PROTOCOLS = Map.ofEntries(
            Map.entry("aarp", 0x80f3), Map.entry("arp", 0x0806), Map.entry("atalk", 0x809b),
            Map.entry("decnet", 0x6003), Map.entry("ip", 0x0800), Map.entry("ip6", 0x86dd),
            Map.entry("lat", 0x6004), Map.entry("loopback", 0x9000), Map.entry("mopdl", 0x6001),
            Map.entry("moprc", 0x6002), Map.entry("rarp", 0x8035), Map.entry("sca", 0x6007),
            Map.entry("iso", 0xfe), Map.entry("stp", 0x42), Map.entry("ipx", 0xe0), Map.entry("netbeui", 0xf0));

    private static volatile Map<String, int[]> services;
    private static volatile Map<String, Integer> protocols;

    private Names() {
    }

    /**
     * The port of a service name as libpcap's pcap_nametoport sees it: the TCP entry wins, and a name
     * with the same number for TCP and UDP matches both. Null when unknown.
     */
    static Service service(String name) {
        int[] ports = services().get(name);
        if (ports == null) {
            return null;
        }
        if (ports[0] >= 0) {
            return new Service(ports[0], true, ports[1] == ports[0]);
        }
        return new Service(ports[1], false, true);
    }

    /** IP protocol number by name, -1 when unknown. */
    static int ipProtocol(String name) {
        Integer value = protocols().get(name);
        return value == null ? -1 : value;
    }

    /** EtherType or LLC SAP by name ({@code ip}, {@code arp}, {@code stp}, ...), -1 when unknown. */
    static int etherProtocol(String name) {
        return ETHER_PROTOCOLS.getOrDefault(name, -1);
    }

    /** Addresses of a host name, /etc/hosts first, then the resolver; empty when unknown. */
    static List<InetAddress> hostAddresses(String name) {
        List<InetAddress> found = new ArrayList<>();
        for (String line : lines("/etc/hosts")) {
            String[] fields = line.split("\\s+");
            for (int i = 1; i < fields.length; i++) {
                if (fields[i].equalsIgnoreCase(name)) {
                    InetAddress address = literal(fields[0]);
                    if (address != null && !found.contains(address)) {
                        found.add(address);
                    }
                }
            }
        }
        if (!found.isEmpty()) {
            return found;
        }
        try {
            return List.of(InetAddress.getAllByName(name));
        } catch (UnknownHostException | SecurityException e) {
            return List.of();
        }
    }

    /** Ethernet address of a name from /etc/ethers, null when unknown. */
    static byte[] etherHost(String name) {
        for (String line : lines("/etc/ethers")) {
            String[] fields = line.split("\\s+");
            if (fields.length >= 2 && fields[1].equalsIgnoreCase(name)) {
                return Addresses.parseMac(fields[0]);
            }
        }
        return null;
    }

    /** Network number of a name from /etc/networks (left-aligned as in the file), -1 when unknown. */
    static long network(String name) {
        for (String line : lines("/etc/networks")) {
            String[] fields = line.split("\\s+");
            if (fields.length >= 2 && fields[0].equalsIgnoreCase(name)) {
                long[] parsed = Addresses.parseIpv4(fields[1]);
                return parsed == null ? -1 : parsed[0] >>> (32 - parsed[1]);
            }
        }
        return -1;
    }

    private static InetAddress literal(String text) {
        try {
            if (text.indexOf(':') >= 0) {
                return Addresses.parseIpv6(text) == null ? null : InetAddress.getByAddress(Addresses.parseIpv6(text));
            }
            long[] v4 = Addresses.parseIpv4(text);
            if (v4 == null || v4[1] != 32) {
                return null;
            }
            int value = (int) v4[0];
            return InetAddress.getByAddress(new byte[] {
                (byte) (value >>> 24), (byte) (value >>> 16), (byte) (value >>> 8), (byte) value});
        } catch (UnknownHostException e) {
            return null;
        }
    }

    private static Map<String, int[]> services() {
        Map<String, int[]> result = services;
        if (result == null) {
            result = new HashMap<>();
            for (String line : lines("/etc/services")) {
                String[] fields = line.split("\\s+");
                if (fields.length < 2 || fields[1].indexOf('/') < 0) {
                    continue;
                }
                String[] portProto = fields[1].split("/");
                int slot = switch (portProto[1].toLowerCase(Locale.ROOT)) {
                    case "tcp" -> 0;
                    case "udp" -> 1;
                    default -> -1;
                };
                if (slot < 0) {
                    continue;
                }
                int port;
                try {
                    port = Integer.parseInt(portProto[0]);
                } catch (NumberFormatException e) {
                    continue;
                }
                for (int i = 0; i < fields.length; i++) {
                    if (i == 1) {
                        continue;
                    }
                    int[] ports = result.computeIfAbsent(fields[i], name -> new int[] {-1, -1});
                    if (ports[slot] < 0) {
                        ports[slot] = port;
                    }
                }
            }
            services = result;
        }
        return result;
    }

    private static Map<String, Integer> protocols() {
        Map<String, Integer> result = protocols;
        if (result == null) {
            result = new HashMap<>();
            for (String line : lines("/etc/protocols")) {
                String[] fields = line.split("\\s+");
                if (fields.length < 2) {
                    continue;
                }
                try {
                    int number = Integer.parseInt(fields[1]);
                    for (int i = 0; i < fields.length; i++) {
                        if (i != 1) {
                            result.putIfAbsent(fields[i], number);
                        }
                    }
                } catch (NumberFormatException e) {
                    // not a protocol line
                }
            }
            if (result.isEmpty()) {
                result.putAll(BUILTIN_PROTOCOLS);
            }
            protocols = result;
        }
        return result;
    }

    /** Non-comment, non-blank lines of a system file, trimmed; none when the file cannot be read. */
    private static List<String> lines(String file) {
        List<String> result = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(Path.of(file), StandardCharsets.ISO_8859_1)) {
                int hash = line.indexOf('#');
                String content = (hash >= 0 ? line.substring(0, hash) : line).trim();
                if (!content.isEmpty()) {
                    result.add(content);
                }
            }
        } catch (IOException | SecurityException e) {
            return result;
        }
        return result;
    }
}
