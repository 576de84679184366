package io.netzer.cli;

import io.netzer.web.AccessToken;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Objects;
import picocli.CommandLine;

/**
 * What must be settled before Quarkus starts, since Quarkus binds its ports while starting. Without
 * {@code --serve} Quarkus does not start at all, so no port is opened; with it, the dashboard listens on
 * {@code --bind:--port}. The {@code --auth-token-file} is read here too, as root and before the first request can
 * arrive.
 */
final class ServeLaunch {
    private ServeLaunch() {
    }

    /** Settles the ports; returns whether the arguments ask for service mode. */
    static boolean prepare(String[] args) {
        NetzerCommand options = new NetzerCommand();
        try {
            new CommandLine(options).parseArgs(args);
        } catch (CommandLine.ParameterException e) {
            return false; // the command line reports it, without Quarkus: nothing is opened
        }
        if (!options.serve) {
            return false;
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
        return true;
    }
}
