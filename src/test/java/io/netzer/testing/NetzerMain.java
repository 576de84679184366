package io.netzer.testing;

import io.netzer.cli.NetzerApplication;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The command line without Quarkus, for tests that must run NetZer in a child JVM (a live capture drops root
 * for good, which a test JVM cannot undo).
 */
public final class NetzerMain {
    private NetzerMain() {
    }

    /** The command that runs {@code netzer args...} in a child JVM on this JVM's class path. */
    public static List<String> command(String... args) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "--enable-native-access=ALL-UNNAMED",
                "-Djava.util.logging.manager=org.jboss.logmanager.LogManager",
                "-cp", System.getProperty("java.class.path"), NetzerMain.class.getName()));
        command.addAll(List.of(args));
        return command;
    }

    /** Runs {@code netzer args...} as the launcher does, and exits with its status. */
    public static void main(String[] args) {
        NetzerApplication.main(args);
    }
}
