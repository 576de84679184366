package io.netzer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * {@link QuickArgs} reads a command line as picocli does or not at all: whatever it accepts, picocli parses into
 * the same values of every option and parameter, so the fast path changes no run.
 */
class QuickArgsTest {
    /** Tokens a command line is drawn from: the options read quickly, their aliases, values, and the traps. */
    private static final List<String> TOKENS = List.of("-r", "--read", "--read=x.pcap", "x.pcap", "-", "-w",
            "--write", "-c", "--count", "5", "010", "-5", "99999999999999999999", "-i", "--interface", "eth0",
            "-s", "96", "--snaplen", "--json", "--json=true", "--format", "json", "text", "JSON", "--events",
            "flow,dns", "flow,,dns", "--events=tls", "--output", "--output=-", "--debug", "-q", "--quick", "-p",
            "-n", "-nn", "-nnn", "-v", "-vv", "-vvv", "-e", "-A", "-l", "-U", "-#", "-K", "-S", "--print",
            "--workers", "2", "--cpu", "0,1", "-Z", "nobody", "-F", "f.txt", "tcp", "port", "80", "and", "not",
            "--", "@args", "-rx.pcap", "-r=x.pcap", "--serve", "-d", "-h", "--help", "-V", "--version", "-x",
            "--rotate-size", "1M", "");

    private final NetzerCommand parsed = new NetzerCommand();
    private final CommandLine picocli = new CommandLine(parsed);

    @Test
    void shouldReadTheCommonCommandLinesAsPicocliDoes() throws Exception {
        for (String line : List.of("-r x.pcap", "--read x.pcap --json", "-r x.pcap -w out.pcap tcp port 80",
                "-nn -r x.pcap -c 10 udp", "-i eth0 -w - -s 96", "--read=x.pcap --events=packet,flow,tls --json "
                        + "--output /dev/null", "-r - --format json -q", "-vv -e -# -r x.pcap",
                "-i any --workers 2 --cpu 0,1 -Z nobody --json --events flow,dns --output=-")) {
            String[] args = line.split(" ");
            NetzerCommand quick = new NetzerCommand();
            assertTrue(QuickArgs.parse(args, quick), line);
            assertSameOptions(picocli(args), quick, line);
        }
    }

    @Test
    void shouldLeaveToPicocliWhatItCannotReadTheSameWay() {
        for (String line : List.of("--help", "--version", "-r", "-r x.pcap -r y.pcap", "-r x.pcap --read y.pcap",
                "-rx.pcap", "-r=x.pcap", "-c 010", "-c -5", "-r -w", "--json=true", "--format JSON", "-nnn",
                "-n -n", "--serve -r x.pcap", "-r x.pcap -- tcp", "@args", "-d -r x.pcap", "--events flow,,dns")) {
            assertFalse(QuickArgs.parse(line.split(" "), new NetzerCommand()), line);
        }
    }

    @Test
    void shouldAgreeWithPicocliOnEveryCommandLineItAccepts() throws Exception {
        Random random = new Random(16);
        int accepted = 0;
        for (int run = 0; run < 10_000; run++) {
            String[] args = new String[random.nextInt(7)];
            for (int i = 0; i < args.length; i++) {
                args[i] = TOKENS.get(random.nextInt(TOKENS.size()));
            }
            NetzerCommand quick = new NetzerCommand();
            if (QuickArgs.parse(args, quick)) {
                accepted++;
                assertSameOptions(picocli(args), quick, Arrays.toString(args));
            }
        }
        assertTrue(accepted > 500, "accepted " + accepted);
    }

    /** Picocli's reading of {@code args}; one model for every case, since picocli resets the options at each parse. */
    private NetzerCommand picocli(String[] args) {
        try {
            picocli.parseArgs(args);
        } catch (CommandLine.ParameterException e) {
            fail("QuickArgs accepted what picocli refuses: " + Arrays.toString(args) + ": " + e.getMessage());
        }
        return parsed;
    }

    /** Every field picocli sets, in the command and its tcpdump mixin, holds the same value in both. */
    private static void assertSameOptions(NetzerCommand expected, NetzerCommand actual, String line)
            throws IllegalAccessException {
        List<Field> fields = new ArrayList<>();
        for (Class<?> type : List.of(NetzerCommand.class, TcpdumpOptions.class)) {
            for (Field field : type.getDeclaredFields()) {
                if (field.isAnnotationPresent(CommandLine.Option.class)
                        || field.isAnnotationPresent(CommandLine.Parameters.class)) {
                    fields.add(field);
                }
            }
        }
        assertTrue(fields.size() > 50, "fields: " + fields.size());
        for (Field field : fields) {
            field.setAccessible(true);
            Object owner = field.getDeclaringClass() == TcpdumpOptions.class ? expected.tcpdump : expected;
            Object other = field.getDeclaringClass() == TcpdumpOptions.class ? actual.tcpdump : actual;
            Object want = field.get(owner);
            Object got = field.get(other);
            if (want instanceof boolean[] wantFlags) {
                assertEquals(Arrays.toString(wantFlags), Arrays.toString((boolean[]) got), line + ": " + field);
            } else {
                assertEquals(want, got, line + ": " + field.getName());
            }
        }
    }
}
