package io.netzer.cli;

import io.quarkus.picocli.runtime.PicocliCommandLineFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import picocli.CommandLine;

/**
 * How the command line reports bad usage: one line naming the problem and a pointer to {@code --help}, exit
 * status 2, as tcpdump users expect (picocli would print the whole usage). Quarkus builds the command through
 * {@link #commandLine}; tests in-process through {@link #configure}.
 */
@ApplicationScoped
public class NetzerCommandLine {
    private static final int EXIT_USAGE = 2;

    /** The command line Quarkus runs. */
    @Produces
    CommandLine commandLine(PicocliCommandLineFactory factory) {
        return configure(factory.create());
    }

    /**
     * Runs the command line as the process itself (not in a test's JVM): SIGINT and SIGTERM then stop a capture
     * cleanly with status 0, whatever dispositions the process inherited ({@link StopSignals}).
     *
     * @param commandLine the command line, {@link #configure configured}
     * @return the exit status
     */
    public static int executeAsProcess(CommandLine commandLine, String... args) {
        StopSignals.install();
        return commandLine.execute(args);
    }

    /** Applies NetZer's usage-error reporting to a command line. */
    public static CommandLine configure(CommandLine commandLine) {
        commandLine.setParameterExceptionHandler((e, args) -> {
            CommandLine command = e.getCommandLine();
            command.getErr().println("netzer: " + e.getMessage());
            command.getErr().println("Try 'netzer --help' for more information.");
            command.getErr().flush();
            return EXIT_USAGE;
        });
        return commandLine;
    }
}
