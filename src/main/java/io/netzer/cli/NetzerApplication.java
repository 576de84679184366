package io.netzer.cli;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.QuarkusApplication;
import io.quarkus.runtime.annotations.QuarkusMain;
import jakarta.inject.Inject;
import picocli.CommandLine;

/**
 * The entry point: decides from the arguments, before Quarkus starts, whether any port is opened at all
 * ({@link ServeLaunch}), then runs the command line.
 */
@QuarkusMain
public class NetzerApplication implements QuarkusApplication {
    @Inject
    CommandLine commandLine;

    /** The launcher's {@code main}. */
    public static void main(String... args) {
        ServeLaunch.prepare(args);
        Quarkus.run(NetzerApplication.class, args);
    }

    @Override
    public int run(String... args) {
        return commandLine.execute(args);
    }
}
