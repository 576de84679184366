package io.netzer.capture;

import io.netzer.testing.LiveNetwork;
import io.netzer.testing.TestNetwork;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The privilege drop, checked on hand-written status texts and, being irreversible, in child JVMs. */
class PrivilegeDropTest {
    private static final String DROPPED = String.join("\n",
            "Name:\tjava",
            "Uid:\t65534\t65534\t65534\t65534",
            "Gid:\t65534\t65534\t65534\t65534",
            "Groups:\t",
            "CapPrm:\t0000000000000000",
            "CapEff:\t0000000000000000",
            "NoNewPrivs:\t1",
            "Seccomp:\t2",
            "");

    @Test
    void shouldFindNothingWrongInADroppedThread() {
        assertEquals(List.of(), PrivilegeDrop.problems(DROPPED, 65534, 65534, true, true));
    }

    @Test
    void shouldListEveryFieldStillPrivileged() {
        String status = DROPPED.replace("Uid:\t65534\t65534\t65534\t65534", "Uid:\t65534\t65534\t0\t65534")
                .replace("Groups:\t", "Groups:\t0 27")
                .replace("CapEff:\t0000000000000000", "CapEff:\t0000000000002000")
                .replace("NoNewPrivs:\t1", "NoNewPrivs:\t0")
                .replace("Seccomp:\t2", "Seccomp:\t0");
        assertEquals(List.of(
                "Uid 65534 65534 0 65534 (expected 65534 four times)",
                "Groups 0 27 (expected none)",
                "CapEff 0000000000002000 (expected 0)",
                "NoNewPrivs 0 (expected 1)",
                "Seccomp 0 (expected 2, a filter)"), PrivilegeDrop.problems(status, 65534, 65534, true, true));
        assertEquals(3, PrivilegeDrop.problems(status, 65534, 65534, false, false).size(),
                "--no-seccomp: no_new_privs on the calling thread only, no filter");
    }

    @Test
    @ExtendWith(LiveNetwork.class)
    void shouldDropToNobodyAndKeepCapturing(TestNetwork network) throws Exception {
        Process child = childJvm(List.of(), "drop", network.hostInterface());
        List<String> lines = new ArrayList<>();
        try (BufferedReader out = new BufferedReader(
                new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                lines.add(line);
                if (line.equals("READY")) {
                    network.sendUdp(50, 1, 64);
                }
            }
        }
        assertTrue(child.waitFor(30, TimeUnit.SECONDS));
        String output = String.join("\n", lines);
        assertTrue(lines.contains("DROPPED Credentials[user=nobody, uid=65534, gid=65534, boundingSet=0]"),
                output);
        assertTrue(output.contains("REOPEN-REFUSED capturing on " + network.hostInterface()
                + " needs root or CAP_NET_RAW: socket(AF_PACKET) failed: Operation not permitted"), output);
        assertTrue(lines.contains("RECEIVED 50"), output);
    }

    @Test
    void shouldRefuseToStartAProgramOrChangeCredentialsAfterTheDropOnEveryThread() throws Exception {
        assumeTrue(TestNetwork.isRoot(), "needs root to drop: skipped");
        List<String> lines = output(childJvm(List.of(), "exec"));
        String output = String.join("\n", lines);
        assertTrue(lines.contains("DROPPED Credentials[user=nobody, uid=65534, gid=65534, boundingSet=0]"),
                output);
        assertTrue(lines.contains("SECCOMP 2"), output);
        // the thread started before the drop has the filter too (SECCOMP_FILTER_FLAG_TSYNC)
        for (String thread : List.of("MAIN-THREAD", "PRE-DROP-THREAD")) {
            assertTrue(lines.stream().anyMatch(line -> line.startsWith(thread + " refused: Cannot run program"
                    + " \"/bin/true\": posix_spawn failed, error: 1 (Operation not permitted)")), output);
        }
        assertTrue(lines.contains("SETRESUID setresuid(65534, 65534, 65534) failed: Operation not permitted"
                + " (errno 1)"), output);
    }

    @Test
    void shouldLeaveTheFilterOffWhenAskedTo() throws Exception {
        assumeTrue(TestNetwork.isRoot(), "needs root to drop: skipped");
        List<String> lines = output(childJvm(List.of(), "exec-no-seccomp"));
        String output = String.join("\n", lines);
        assertTrue(lines.contains("SECCOMP 0"), output);
        assertTrue(lines.contains("MAIN-THREAD exited 0"), output);
        assertTrue(lines.contains("SETRESUID done"), output);
    }

    private static List<String> output(Process child) throws Exception {
        String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(child.waitFor(30, TimeUnit.SECONDS), output);
        return output.lines().toList();
    }

    @Test
    void shouldSayThatCapturingNeedsRoot() throws Exception {
        assumeTrue(TestNetwork.isRoot(), "needs root to start a child as nobody: skipped");
        Process child = childJvm(List.of("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups",
                "--inh-caps=-all", "--bounding-set=-all"), "open", "lo");
        String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertTrue(child.waitFor(30, TimeUnit.SECONDS));
        assertEquals("ERROR capturing on lo needs root or CAP_NET_RAW: socket(AF_PACKET) failed:"
                + " Operation not permitted", output);
    }

    private static Process childJvm(List<String> prefix, String... args) throws IOException {
        List<String> command = new ArrayList<>(prefix);
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(List.of("--enable-native-access=ALL-UNNAMED", "-XX:-UsePerfData", "-Xshare:auto", "-cp",
                Path.of("target/classes").toAbsolutePath() + ":" + Path.of("target/test-classes").toAbsolutePath(),
                PrivilegeDropChild.class.getName()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectErrorStream(true).start();
    }
}
