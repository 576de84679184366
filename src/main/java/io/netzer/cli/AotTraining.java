package io.netzer.cli;

import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;

/**
 * The training run of the AOT cache ({@code src/main/aot/make-aot-cache.sh}): the command line's common runs in one
 * JVM, since the cache holds what one run loads and profiles. A capture file printed as text, written as NDJSON and
 * as pcap, every event on; then the picocli paths (help, a usage error), so that those start fast too. Output is
 * discarded.
 */
public final class AotTraining {
    private AotTraining() {
    }

    /** Trains on the capture file {@code args[0]}. */
    public static void main(String[] args) {
        String file = args[0];
        String events = "packet,flow,tls,dns,http";
        PrintStream discard = new PrintStream(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8);
        int status = run(discard, "-r", file, "--events", events)
                | run(discard, "-r", file, "--events", events, "--json")
                | run(discard, "-r", file, "-w", "/dev/null");
        CommandLine commandLine = NetzerCommandLine.configure(new CommandLine(new NetzerCommand(discard, discard)));
        commandLine.setOut(new PrintWriter(Writer.nullWriter())).setErr(new PrintWriter(Writer.nullWriter()));
        commandLine.execute("--help");
        commandLine.execute("--bogus");
        System.exit(status);
    }

    private static int run(PrintStream discard, String... args) {
        NetzerCommand command = new NetzerCommand(discard, discard);
        if (!QuickArgs.parse(args, command)) {
            throw new IllegalArgumentException("not a common command line: " + String.join(" ", args));
        }
        return command.call();
    }
}
