package io.netzer.cli;

import io.netzer.web.AccessToken;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Objects;
import picocli.CommandLine;

/**
 * What must be settled before Quarkus starts, since Quarkus binds its ports while starting: without
 * {@code --serve}, neither the HTTP port nor the management port is opened
 * ({@code quarkus.http.host-enabled=false}, {@code quarkus.management.host-enabled=false}); with it, the
 * dashboard listens on {@code --bind:--port}. The {@code --auth-token-file} is read here too, as root and before
 * the first request can arrive.
 */
final class ServeLaunch {
    private ServeLaunch() {
    }

    static void prepare(String[] args) {
        NetzerCommand options = new NetzerCommand();
        try {
            new CommandLine(options).parseArgs(args);
        } catch (CommandLine.ParameterException e) {
            options = new NetzerCommand(); // the command line reports it once Quarkus runs; open nothing
        }
        if (!options.serve) {
            System.setProperty("quarkus.http.host-enabled", "false");
            System.setProperty("quarkus.management.host-enabled", "false");
            return;
        }
        if (options.port != null) {
            System.setProperty("quarkus.http.port", Integer.toString(options.port));
        }
        if (options.bind != null) {
            System.setProperty("quarkus.http.host", options.bind);
        }
        if (options.authTokenFile != null) {
            try {
                AccessToken.require(Files.readString(options.authTokenFile, StandardCharsets.UTF_8));
            } catch (IOException | IllegalArgumentException e) {
                System.err.println("netzer: --auth-token-file " + options.authTokenFile + ": "
                        + Objects.requireNonNullElse(e.getMessage(), e.getClass().getSimpleName()));
                System.exit(1);
            }
        }
    }
}
