package io.netzer.capture;

import java.io.IOException;

/**
 * Run in a child JVM by {@link PrivilegeDropTest}, since a privilege drop cannot be undone.
 * {@code drop IFACE}: opens a live source on IFACE, drops to nobody, prints what it verified, receives datagrams
 * and prints how many. {@code open IFACE}: only tries to open (run as an unprivileged user).
 */
public final class PrivilegeDropChild {
    private PrivilegeDropChild() {
    }

    /** Entry point; prints one result per line. */
    public static void main(String[] args) throws Exception {
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
            PrivilegeDrop.Credentials credentials = PrivilegeDrop.drop(null);
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
}
