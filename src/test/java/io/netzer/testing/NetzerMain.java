package io.netzer.testing;

import io.netzer.cli.NetzerCommandLine;

/**
 * The command line without Quarkus, for tests that must run NetZer in a child JVM (a live capture drops root
 * for good, which a test JVM cannot undo).
 */
public final class NetzerMain {
    private NetzerMain() {
    }

    /** Runs {@code netzer args...} and exits with its status. */
    public static void main(String[] args) {
        System.exit(NetzerCommandLine.executeAsProcess(args));
    }
}
