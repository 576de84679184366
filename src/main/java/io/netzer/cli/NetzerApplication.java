package io.netzer.cli;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.QuarkusApplication;
import io.quarkus.runtime.annotations.QuarkusMain;
import jakarta.inject.Inject;
import picocli.CommandLine;

/**
 * The entry point: decides from the arguments whether NetZer serves. Only service mode starts Quarkus (the web
 * layer, health and metrics), with its ports settled before it binds them ({@link ServeLaunch}); the command line
 * runs on plain picocli, or on {@link QuickArgs} alone, since starting Quarkus's web extensions costs over a second
 * of CPU at every start and nothing below {@code web} needs CDI. This {@code main} runs under Quarkus's launcher
 * ({@code java -jar quarkus-run.jar}) and, for the command line, on a plain class path of four jars without it
 * ({@code ./netzer}, {@code src/main/aot/cli-classpath.sh}).
 */
@QuarkusMain
public class NetzerApplication implements QuarkusApplication {
    @Inject
    CommandLine commandLine;

    /**
     * The launcher's {@code main}. A common command line runs without picocli ({@link QuickArgs}); any other is
     * read by one picocli model, built once since building it is most of what picocli costs.
     */
    public static void main(String... args) {
        NetzerCommand quick = new NetzerCommand();
        if (QuickArgs.parse(args, quick)) {
            StopSignals.install();
            System.exit(quick.call());
        }
        CommandLine commandLine = NetzerCommandLine.configure(new CommandLine(new NetzerCommand()));
        if (!ServeLaunch.prepare(commandLine, args)) {
            System.exit(NetzerCommandLine.executeAsProcess(commandLine, args));
        }
        StopSignals.install();
        Quarkus.run(NetzerApplication.class, args);
    }

    @Override
    public int run(String... args) {
        return commandLine.execute(args);
    }
}
