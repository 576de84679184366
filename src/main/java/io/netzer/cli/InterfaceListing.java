package io.netzer.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * tcpdump's {@code -D} and {@code -L}: the interfaces of this network namespace as libpcap lists them (from
 * /sys/class/net, which {@code ip netns exec} remounts for its namespace), and their link types. libpcap's order is
 * kept: interfaces that are up and running first, then loopback, then those down, each group in interface-index
 * order, with {@code any} after the running ones. The number is the position in that list, as tcpdump prints it.
 */
final class InterfaceListing {
    private static final Path SYS_CLASS_NET = Path.of("/sys/class/net");
    private static final int IFF_UP = 0x1;
    private static final int IFF_LOOPBACK = 0x8;
    private static final int IFF_RUNNING = 0x40;
    /** ARPHRD_NONE: a device without a link-layer header (tun), captured as raw IP. */
    private static final int ARPHRD_NONE = 0xfffe;
    private static final String ANY = "any";

    private InterfaceListing() {
    }

    /** One interface: its name, index, flags and whether it has a carrier (null when the kernel will not say). */
    record Device(String name, int index, int flags, Boolean carrier, int hardwareType) {
        /** libpcap's figure of merit: lower sorts first. */
        int merit() {
            int merit = 0;
            merit |= (flags & IFF_UP) == 0 ? 0x8000_0000 : 0;
            merit |= (flags & IFF_RUNNING) == 0 ? 0x4000_0000 : 0;
            merit |= (flags & IFF_LOOPBACK) != 0 ? 0x2000_0000 : 0;
            merit |= Boolean.FALSE.equals(carrier) ? 0x1000_0000 : 0;
            return merit;
        }

        /** tcpdump's bracketed state: {@code [Up, Running, Connected]}, or {@code [none]}. */
        String state() {
            List<String> words = new ArrayList<>();
            if ((flags & IFF_UP) != 0) {
                words.add("Up");
            }
            if ((flags & IFF_RUNNING) != 0) {
                words.add("Running");
            }
            if ((flags & IFF_LOOPBACK) != 0) {
                words.add("Loopback");
            } else if (carrier != null && !name.equals(ANY)) {
                words.add(carrier ? "Connected" : "Disconnected");
            }
            return "[" + (words.isEmpty() ? "none" : String.join(", ", words)) + "]";
        }
    }

    /** The lines of {@code -D}. */
    static String list() {
        List<Device> devices = new ArrayList<>(devices());
        devices.add(new Device(ANY, 0, IFF_UP | IFF_RUNNING, null, 0));
        devices.sort(Comparator.comparingLong(d -> Integer.toUnsignedLong(d.merit())));
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < devices.size(); i++) {
            Device device = devices.get(i);
            text.append(i + 1).append('.').append(device.name());
            if (device.name().equals(ANY)) {
                text.append(" (Pseudo-device that captures on all interfaces)");
            }
            text.append(' ').append(device.state()).append('\n');
        }
        return text.toString();
    }

    /** The lines of {@code -L} for {@code name}. */
    static String linkTypes(String name) {
        StringBuilder text = new StringBuilder("Data link types for ").append(name)
                .append(" (use option -y to set):\n");
        for (String type : linkTypeNames(name)) {
            text.append("  ").append(type).append('\n');
        }
        return text.toString();
    }

    /** The link types NetZer captures {@code name} with, first the default, each with tcpdump's description. */
    static List<String> linkTypeNames(String name) {
        if (name.equals(ANY)) {
            return List.of("LINUX_SLL (Linux cooked v1)");
        }
        Device device = devices().stream().filter(d -> d.name().equals(name)).findFirst()
                .orElseThrow(() -> new UsageException(name + ": no such device exists"));
        return device.hardwareType() == ARPHRD_NONE ? List.of("RAW (Raw IP)") : List.of("EN10MB (Ethernet)");
    }

    private static List<Device> devices() {
        try (Stream<Path> entries = Files.list(SYS_CLASS_NET)) {
            List<Device> devices = new ArrayList<>();
            for (Path entry : entries.toList()) {
                String name = entry.getFileName().toString();
                int flags = number(entry, "flags", 16);
                // IFF_RUNNING is not in sysfs's flags: the kernel sets it when the operational state is up or
                // unknown (loopback), as SIOCGIFFLAGS reports it to libpcap.
                String operstate = Files.readString(entry.resolve("operstate")).strip();
                if ((flags & IFF_UP) != 0 && (operstate.equals("up") || operstate.equals("unknown"))) {
                    flags |= IFF_RUNNING;
                }
                devices.add(new Device(name, number(entry, "ifindex", 10), flags, carrier(entry),
                        number(entry, "type", 10)));
            }
            devices.sort(Comparator.comparingInt(Device::index));
            return devices;
        } catch (IOException e) {
            throw new UncheckedIOException(SYS_CLASS_NET + ": cannot list the interfaces", e);
        }
    }

    private static int number(Path device, String attribute, int radix) throws IOException {
        String text = Files.readString(device.resolve(attribute)).strip();
        return Integer.parseInt(text.startsWith("0x") ? text.substring(2) : text, radix);
    }

    /** The kernel refuses to read {@code carrier} of an interface that is down: then nothing is known. */
    private static Boolean carrier(Path device) {
        try {
            return Files.readString(device.resolve("carrier")).strip().equals("1");
        } catch (IOException e) {
            return null;
        }
    }
}
