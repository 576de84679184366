package io.netzer.testing;

import io.netzer.cli.NetzerCommand;
import io.netzer.cli.NetzerCommandLine;
import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;

/** Runs the command line in-process, as the launcher would, capturing its stdout and stderr. */
public final class NetzerCli {
    private NetzerCli() {
    }

    /** What a run printed and returned. */
    public record Result(int exitCode, byte[] stdout, String stderr) {
        /** Standard output as UTF-8 text. */
        public String stdoutText() {
            return new String(stdout, StandardCharsets.UTF_8);
        }
    }

    /** Runs {@code netzer args...}. */
    public static Result run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream errStream = new PrintStream(err, true, StandardCharsets.UTF_8);
        CommandLine commandLine = NetzerCommandLine.configure(new CommandLine(new NetzerCommand(out, errStream)));
        commandLine.setErr(new PrintWriter(errStream, true));
        commandLine.setOut(new PrintWriter(out, true, StandardCharsets.UTF_8));
        int exitCode = commandLine.execute(args);
        return new Result(exitCode, out.toByteArray(), err.toString(StandardCharsets.UTF_8));
    }
}
