package io.netzer.filter;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Random and mutated expressions: compiling never throws anything but {@link FilterSyntaxException}, every
 * program produced passes the kernel's checks, and running it over random bytes never throws.
 */
class FilterFuzzTest {
    private static final int[] LINK_TYPES = {0, 1, 12, 14, 101, 113, 276};
    private static final String[] VOCABULARY = {
        "ip", "ip6", "arp", "rarp", "tcp", "udp", "icmp", "icmp6", "sctp", "ether", "host", "net", "port",
        "portrange", "src", "dst", "proto", "and", "or", "not", "!", "&&", "||", "(", ")", "[", "]", ":", "=", "==",
        "!=", "<", "<=", ">", ">=", "+", "-", "*", "/", "%", "&", "|", "^", "<<", ">>", "len", "less", "greater",
        "vlan", "broadcast", "multicast", "mask", "0", "1", "2", "4", "13", "80", "443", "0x800", "255", "4095",
        "65535", "70000", "4294967295", "010", "10.0.0.1", "192.168", "10.0.0.0/8", "255.0.0.0", "::1",
        "fe80::/10", "ff:ff:ff:ff:ff:ff", "00-11-22-33-44-55", "http", "domain", "localhost", "tcpflags",
        "tcp-syn", "icmp-echo", "icmp6-echo", "\\tcp", "\\ip", "mpls", "1-1024", "http-https", "ip[0]",
        "tcp[13]", "udp[0:2]", "icmp6[0]",
    };

    private final Random random = new Random(20240611L);

    @Test
    void shouldOnlyEverThrowFilterSyntaxExceptionForRandomExpressions() {
        for (int i = 0; i < 20_000; i++) {
            StringBuilder expression = new StringBuilder();
            int length = 1 + random.nextInt(12);
            for (int t = 0; t < length; t++) {
                expression.append(VOCABULARY[random.nextInt(VOCABULARY.length)]).append(' ');
            }
            check(expression.toString().strip());
        }
    }

    @Test
    void shouldOnlyEverThrowFilterSyntaxExceptionForMutatedExpressions() throws IOException {
        List<String> seeds = FilterDifferentialTest.expressions();
        for (int i = 0; i < 20_000; i++) {
            String seed = seeds.get(random.nextInt(seeds.size()));
            check(mutate(seed));
        }
    }

    @Test
    void shouldHandleDeepAndLongExpressions() {
        check("(".repeat(150) + "tcp" + ")".repeat(150));
        check("not ".repeat(500) + "tcp");
        check(String.join(" or ", Collections.nCopies(300, "port 80")));
        check("ip[0" + " + 1".repeat(1000) + "] = 1");
    }

    private String mutate(String seed) {
        List<String> tokens = new ArrayList<>(List.of(seed.split(" ")));
        int edits = 1 + random.nextInt(3);
        for (int e = 0; e < edits; e++) {
            int at = random.nextInt(tokens.size() + 1);
            switch (random.nextInt(5)) {
                case 0 -> tokens.add(at, VOCABULARY[random.nextInt(VOCABULARY.length)]);
                case 1 -> {
                    if (at < tokens.size() && tokens.size() > 1) {
                        tokens.remove(at);
                    }
                }
                case 2 -> {
                    if (at < tokens.size()) {
                        tokens.set(at, VOCABULARY[random.nextInt(VOCABULARY.length)]);
                    }
                }
                case 3 -> {
                    String joined = String.join(" ", tokens);
                    int cut = random.nextInt(joined.length() + 1);
                    String noise = "()[]:=!&|^-+*/%<>0123456789. ";
                    tokens = new ArrayList<>(List.of((joined.substring(0, cut)
                            + noise.charAt(random.nextInt(noise.length())) + joined.substring(cut)).split(" ")));
                }
                default -> {
                    if (at < tokens.size()) {
                        tokens.add(at, tokens.get(at));
                    }
                }
            }
        }
        return String.join(" ", tokens);
    }

    private void check(String expression) {
        int linkType = LINK_TYPES[random.nextInt(LINK_TYPES.length)];
        CompileOptions options = new CompileOptions(random.nextBoolean(), random.nextBoolean() ? 0 : 0xffffff00,
                1 + random.nextInt(262144));
        BpfProgram program;
        try {
            program = FilterCompiler.compile(expression, linkType, options);
        } catch (FilterSyntaxException e) {
            return;
        } catch (RuntimeException | StackOverflowError e) {
            fail("'" + expression + "' (link type " + linkType + ") threw " + e, e);
            return;
        }
        assertNull(BpfValidator.check(program), () -> "'" + expression + "' compiled to an invalid program:\n"
                + BpfDumper.dump(program, 1));
        BpfInterpreter interpreter = new BpfInterpreter(program);
        byte[] frame = new byte[random.nextInt(128)];
        for (int r = 0; r < 4; r++) {
            random.nextBytes(frame);
            interpreter.setVlanMetadata(random.nextBoolean(), random.nextInt());
            interpreter.run(frame, frame.length + random.nextInt(100));
        }
    }
}
