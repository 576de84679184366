package io.netzer.capture;

import io.netzer.sys.Libc;
import io.netzer.testing.DroppedThreads;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * Run in a child JVM by {@link PrivilegeDropTest}, since a privilege drop cannot be undone.
 * {@code drop IFACE}: opens a live source on IFACE, drops to nobody, prints what it verified, receives datagrams
 * and prints how many. {@code open IFACE}: only tries to open (run as an unprivileged user). {@code exec} and
 * {@code exec-no-seccomp}: drop (with and without the seccomp filter), then try to start a program from the main
 * thread and from a thread started before the drop, and to call setresuid, printing what happened.
 */
public final class PrivilegeDropChild {
    private PrivilegeDropChild() {
    }

    /** Entry point; prints one result per line. */
    public static void main(String[] args) throws Exception {
        if (args[0].startsWith("exec")) {
            exec(args[0].equals("exec"));
            return;
        }
        LiveRingConfig config = LiveRingConfig.of(args[1]).withRing(64 * 1024, 8, 5);
        if (args[0].equals("open")) {
            try (LiveRingSource source = LiveRingSource.open(config)) {
                System.out.println("OPENED");
            } catch (IOException e) {
                System.out.println("ERROR " + e.getMessage());
            }
            return;
        }
        try (LiveRingSource source = LiveRingSource.open(config)) {
            source.start();
            PrivilegeDrop.Credentials credentials = PrivilegeDrop.drop(null, true);
            System.out.println("DROPPED " + credentials);
            try {
                LiveRingSource.open(config).close();
                System.out.println("REOPENED");
            } catch (IOException e) {
                System.out.println("REOPEN-REFUSED " + e.getMessage());
            }
            System.out.println("READY");
            System.out.flush();
            UdpCollector.Collected collected = UdpCollector.collect(source, 50, 0, 15_000);
            System.out.println("RECEIVED " + collected.datagrams().size());
        } catch (PrivilegeDropException e) {
            System.out.println("DROP-FAILED " + e.getMessage());
        }
    }

    private static void exec(boolean seccomp) throws Exception {
        CountDownLatch dropped = new CountDownLatch(1);
        Thread earlier = Thread.ofPlatform().name("pre-drop").start(() -> {
            try {
                dropped.await();
                System.out.println("PRE-DROP-THREAD " + start());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        PrivilegeDrop.Credentials credentials = PrivilegeDrop.drop(null, seccomp);
        System.out.println("DROPPED " + credentials);
        String status = Files.readString(Path.of("/proc/thread-self/status"));
        System.out.println("SECCOMP " + DroppedThreads.field(status, "Seccomp"));
        System.out.println("MAIN-THREAD " + start());
        dropped.countDown();
        earlier.join();
        try {
            Libc.setresuid(credentials.uid(), credentials.uid(), credentials.uid()); // allowed to nobody, to itself
            System.out.println("SETRESUID done");
        } catch (IOException e) {
            System.out.println("SETRESUID " + e.getMessage());
        }
    }

    /** Starts /bin/true: its exit status, or the failure. */
    private static String start() {
        try {
            return "exited " + new ProcessBuilder("/bin/true").start().waitFor();
        } catch (IOException e) {
            return "refused: " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }
}
