package io.netzer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What stops service mode before it starts is one line naming what failed, and exit status 1: no Quarkus log
 * lines, no advice to {@code kill -9}. Run as the launcher runs ({@link NetzerApplication#main}, in a child JVM,
 * since it exits the process).
 */
class ServeStartupErrorsTest {
    @TempDir
    Path dir;

    @Test
    void shouldSayInOneLineThatThePortIsInUse() throws Exception {
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            String stderr = launch(1, "--serve", "--port", Integer.toString(taken.getLocalPort()));
            assertEquals("netzer: cannot listen on 127.0.0.1:" + taken.getLocalPort() + ": Address already in use",
                    stderr.strip());
        }
    }

    @Test
    void shouldNameAMissingTokenFilePlainly() throws Exception {
        Path missing = dir.resolve("token");
        String stderr = launch(1, "--serve", "--port", "0", "--auth-token-file", missing.toString());
        assertEquals("netzer: cannot read the --auth-token-file " + missing + ": No such file or directory",
                stderr.strip());
    }

    /** Runs the launcher with {@code args}; checks the exit status and returns what it printed on stderr. */
    private static String launch(int expectedStatus, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "--enable-native-access=ALL-UNNAMED", "-Djava.util.logging.manager=org.jboss.logmanager.LogManager",
                "-cp", System.getProperty("java.class.path"),
                NetzerApplication.class.getName()));
        command.addAll(List.of(args));
        Process launcher = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        assertTrue(launcher.waitFor(60, TimeUnit.SECONDS), "the launcher did not end");
        String stderr = new String(launcher.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(expectedStatus, launcher.exitValue(), stderr);
        return stderr;
    }
}
