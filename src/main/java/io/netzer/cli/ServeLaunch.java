package io.netzer.cli;

import io.netzer.web.AccessToken;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.util.Objects;
import picocli.CommandLine;

/**
 * What must be settled before Quarkus starts, since Quarkus binds its ports while starting. Without
 * {@code --serve} Quarkus does not start at all, so no port is opened; with it, the dashboard listens on
 * {@code --bind:--port}. The {@code --auth-token-file} is read here too, as root and before the first request can
 * arrive. What cannot be settled is one line and exit status 1: the token file that cannot be read, and a port
 * already in use (tried here, so that Quarkus's three lines of start-up failure never appear).
 */
final class ServeLaunch {
    private static final String DEFAULT_HOST = "127.0.0.1";
    private static final int DEFAULT_PORT = 7070;
    private static final int EXIT_RUNTIME = 1;

    private ServeLaunch() {
    }

    /**
     * Settles the ports; returns whether the arguments ask for service mode. Parses {@code args} with
     * {@code commandLine}, whose model then serves the run too (picocli resets the options at each parse).
     */
    static boolean prepare(CommandLine commandLine, String[] args) {
        try {
            commandLine.parseArgs(args);
        } catch (CommandLine.ParameterException e) {
            return false; // the command line reports it, without Quarkus: nothing is opened
        }
        NetzerCommand options = commandLine.getCommand();
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
            } catch (IOException e) {
                exit("cannot read the --auth-token-file " + options.authTokenFile + ": " + reason(e));
            } catch (IllegalArgumentException e) {
                exit("--auth-token-file " + options.authTokenFile + ": " + e.getMessage());
            }
        }
        String host = options.bind != null ? options.bind : DEFAULT_HOST;
        int port = options.port != null ? options.port : DEFAULT_PORT;
        try (ServerSocket probe = new ServerSocket()) {
            probe.setReuseAddress(true);
            probe.bind(new InetSocketAddress(host, port));
        } catch (IOException e) {
            exit("cannot listen on " + host + ":" + port + ": " + reason(e));
        }
        return true;
    }

    /** What the system said, in its words ({@code No such file or directory}, {@code Address already in use}). */
    private static String reason(IOException e) {
        if (e instanceof NoSuchFileException) {
            return "No such file or directory";
        }
        if (e instanceof AccessDeniedException) {
            return "Permission denied";
        }
        String message = Objects.requireNonNullElse(e.getMessage(), e.getClass().getSimpleName());
        // BindException: "Address already in use" (Linux adds nothing); keep only the first clause
        int detail = message.indexOf(" (");
        return detail > 0 ? message.substring(0, detail) : message;
    }

    private static void exit(String message) {
        System.err.println("netzer: " + message);
        System.exit(EXIT_RUNTIME);
    }
}
