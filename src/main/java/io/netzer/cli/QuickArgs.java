package io.netzer.cli;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;

/**
 * The common command lines read without picocli: picocli builds its model of {@link NetzerCommand} by reflection
 * over some sixty annotated fields at every start, which costs more than reading a small capture file. This reads
 * the options most runs use, each given once in its plain form ({@code -r FILE}, {@code --read FILE},
 * {@code --read=FILE}), into the fields picocli would set, and gives up on anything else: help, version, usage
 * errors, clustered or attached short options, argument files, {@code --}, a value that looks like an option, and
 * {@code --serve}. Picocli then reads the whole command line as before, so every message and exit status stays
 * picocli's. {@code QuickArgsTest} holds that whatever this accepts, picocli reads into the same fields.
 */
final class QuickArgs {
    private static final int MAX_INT_DIGITS = 9;
    private static final int MAX_LONG_DIGITS = 18;

    private QuickArgs() {
    }

    /**
     * Fills {@code command} from {@code args}; returns false, with {@code command} partly filled, when picocli must
     * read them.
     */
    static boolean parse(String[] args, NetzerCommand command) {
        Set<String> given = new HashSet<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.isEmpty() || arg.charAt(0) == '@') {
                return false;
            }
            if (arg.charAt(0) != '-') {
                command.filter.add(arg);
                continue;
            }
            String name = arg;
            String value = null;
            int equals = arg.indexOf('=');
            if (arg.startsWith("--") && equals > 0) {
                name = arg.substring(0, equals);
                value = arg.substring(equals + 1);
            }
            String option = canonical(name);
            if (option == null || !given.add(option)) {
                return false;
            }
            if (flag(command, name)) {
                if (value != null) {
                    return false;
                }
                continue;
            }
            if (value == null) {
                if (i + 1 == args.length) {
                    return false;
                }
                value = args[++i];
                if (value.startsWith("-") && !value.equals("-") || value.startsWith("@")) {
                    return false;
                }
            }
            if (!value(command, option, value)) {
                return false;
            }
        }
        return true;
    }

    /** One name for an option and its aliases (so that giving both counts as twice), or null if not read here. */
    private static String canonical(String name) {
        return switch (name) {
            case "-i", "--interface" -> "--interface";
            case "-r", "--read" -> "--read";
            case "-w", "--write" -> "--write";
            case "-c", "--count" -> "--count";
            case "-s", "--snaplen" -> "--snaplen";
            case "-F", "--filter-file" -> "--filter-file";
            case "-Z", "--user" -> "--user";
            case "-p", "--no-promiscuous" -> "--no-promiscuous";
            case "-q", "--quick" -> "--quick";
            case "-K", "--dont-verify-checksums" -> "--dont-verify-checksums";
            case "-S", "--absolute-tcp-sequence-numbers" -> "--absolute-tcp-sequence-numbers";
            case "-#", "--number" -> "--number";
            case "-U", "--packet-buffered" -> "--packet-buffered";
            case "-n", "-nn" -> "-n";
            case "-v", "-vv", "-vvv" -> "-v";
            case "--workers", "--cpu", "--format", "--json", "--events", "--output", "--debug", "--no-seccomp",
                 "--print", "--immediate-mode", "-e", "-A", "-l" -> name;
            default -> null;
        };
    }

    /** Sets the flag {@code name} names; false if it is not a flag (it takes a value). */
    private static boolean flag(NetzerCommand command, String name) {
        TcpdumpOptions tcpdump = command.tcpdump;
        switch (name) {
            case "-p", "--no-promiscuous" -> command.noPromiscuous = true;
            case "-q", "--quick" -> command.quick = true;
            case "--json" -> command.json = true;
            case "--debug" -> command.debug = true;
            case "--no-seccomp" -> command.noSeccomp = true;
            case "-K", "--dont-verify-checksums" -> tcpdump.noChecksums = true;
            case "-S", "--absolute-tcp-sequence-numbers" -> tcpdump.absoluteSequence = true;
            case "-#", "--number" -> tcpdump.packetNumbers = true;
            case "-U", "--packet-buffered" -> tcpdump.packetBuffered = true;
            case "--print" -> tcpdump.print = true;
            case "--immediate-mode" -> tcpdump.immediate = true;
            case "-e" -> tcpdump.linkHeader = true;
            case "-A" -> tcpdump.ascii = true;
            case "-l" -> tcpdump.lineBuffered = true;
            case "-n", "-nn" -> tcpdump.numeric = repeated(name.length() - 1);
            case "-v", "-vv", "-vvv" -> tcpdump.verbose = repeated(name.length() - 1);
            default -> {
                return false;
            }
        }
        return true;
    }

    /** Sets the option that takes a value; false if the value is not one picocli surely reads the same way. */
    private static boolean value(NetzerCommand command, String option, String value) {
        switch (option) {
            case "--interface" -> command.interfaceName = value;
            case "--read" -> command.readFile = Path.of(value);
            case "--write" -> command.writeFile = Path.of(value);
            case "--filter-file" -> command.filterFile = Path.of(value);
            case "--user" -> command.user = value;
            case "--cpu" -> command.cpuList = value;
            case "--output" -> command.output = value;
            case "--count" -> {
                if (!decimal(value, MAX_LONG_DIGITS)) {
                    return false;
                }
                command.count = Long.parseLong(value);
            }
            case "--snaplen", "--workers" -> {
                if (!decimal(value, MAX_INT_DIGITS)) {
                    return false;
                }
                if (option.equals("--snaplen")) {
                    command.snaplen = Integer.parseInt(value);
                } else {
                    command.workers = Integer.parseInt(value);
                }
            }
            case "--format" -> {
                if (!value.equals("text") && !value.equals("json")) {
                    return false;
                }
                command.format = NetzerCommand.OutputFormat.valueOf(value);
            }
            case "--events" -> {
                for (String event : value.split(",", -1)) {
                    if (event.isEmpty() || event.indexOf('"') >= 0) {
                        return false;
                    }
                    command.events.add(event);
                }
            }
            default -> {
                return false;
            }
        }
        return true;
    }

    /**
     * Whether {@code text} is a decimal number every converter reads alike: digits only, no sign, no leading zero
     * (which {@code decode} reads as octal), short enough not to overflow.
     */
    private static boolean decimal(String text, int maxDigits) {
        if (text.isEmpty() || text.length() > maxDigits || text.length() > 1 && text.charAt(0) == '0') {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) < '0' || text.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    /** What picocli makes of a boolean[] option given {@code times} times: that many trues. */
    private static boolean[] repeated(int times) {
        boolean[] values = new boolean[times];
        Arrays.fill(values, true);
        return values;
    }
}
