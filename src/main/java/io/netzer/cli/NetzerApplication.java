package io.netzer.cli;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.QuarkusApplication;
import io.quarkus.runtime.annotations.QuarkusMain;
import jakarta.inject.Inject;
import picocli.CommandLine;

/**
 * The entry point: decides from the arguments whether NetZer serves. Only service mode starts Quarkus (the web
 * layer, health and metrics), with its ports settled before it binds them ({@link ServeLaunch}); the command line
 * runs on plain picocli, since starting Quarkus's web extensions costs over a second of CPU at every start and
 * nothing below {@code web} needs CDI.
 */
@QuarkusMain
public class NetzerApplication implements QuarkusApplication {
    @Inject
    CommandLine commandLine;

    /** The launcher's {@code main}. */
    public static void main(String... args) {
        if (!ServeLaunch.prepare(args)) {
            System.exit(NetzerCommandLine.executeAsProcess(args));
        }
        StopSignals.install();
        Quarkus.run(NetzerApplication.class, args);
    }

    @Override
    public int run(String... args) {
        return commandLine.execute(args);
    }
}
