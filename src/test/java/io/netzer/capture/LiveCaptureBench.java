package io.netzer.capture;

import io.netzer.dissect.Packet;
import java.lang.foreign.ValueLayout;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * The reader side of bench/live-capture.sh: captures on an interface for some seconds with the worker (which
 * reads the ring itself) pinned to one CPU, touching the first byte of every packet, and prints packets per
 * second, the worker's CPU time per packet, and the kernel's counters.
 * Arguments: interface, seconds, reader CPU, block size, block count.
 */
public final class LiveCaptureBench {
    private LiveCaptureBench() {
    }

    /** Entry point. */
    public static void main(String[] args) throws Exception {
        String iface = args[0];
        long seconds = Long.parseLong(args[1]);
        String cpu = args[2];
        LiveRingConfig config = LiveRingConfig.of(iface).withRing(Integer.parseInt(args[3]),
                Integer.parseInt(args[4]), LiveRingConfig.DEFAULT_BLOCK_TIMEOUT_MILLIS);
        CpuAffinity.pinCurrentThread(CpuAffinity.parse(cpu));
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        PacketBatch batch = new PacketBatch();
        Packet packet = new Packet();
        try (LiveRingSource source = LiveRingSource.open(config)) {
            source.start();
            // warm up until traffic flows, then measure from a clean baseline
            long warmEnd = System.nanoTime() + 1_000_000_000L;
            while (System.nanoTime() < warmEnd && source.nextBatch(batch)) {
                touch(batch, packet);
            }
            SourceStatistics kernelBefore = source.statistics();
            long packetsBefore = source.ringStatistics().packets();
            long workerCpu = threads.getCurrentThreadCpuTime();
            long start = System.nanoTime();
            long end = start + seconds * 1_000_000_000L;
            long sum = 0;
            while (System.nanoTime() < end && source.nextBatch(batch)) {
                sum += touch(batch, packet);
            }
            long elapsed = System.nanoTime() - start;
            workerCpu = threads.getCurrentThreadCpuTime() - workerCpu;
            long packets = source.ringStatistics().packets() - packetsBefore;
            SourceStatistics kernel = source.statistics();
            long received = kernel.received() - kernelBefore.received();
            long dropped = kernel.dropped() - kernelBefore.dropped();
            System.out.printf("packets walked      %d in %.2f s: %.0f packets/s (checksum %d)%n", packets,
                    elapsed / 1e9, packets * 1e9 / elapsed, sum & 0xff);
            System.out.printf("worker CPU/packet   %.1f ns%n", workerCpu / (double) Math.max(1, packets));
            System.out.printf("worker CPU use      %.0f%%%n", workerCpu * 100.0 / elapsed);
            System.out.printf("kernel              received %d, dropped %d (%.2f%%), freezes %d%n", received,
                    dropped, dropped * 100.0 / Math.max(1, received), kernel.freezes() - kernelBefore.freezes());
            System.out.println("ring                " + source.ringStatistics());
        }
    }

    private static long touch(PacketBatch batch, Packet packet) {
        long sum = 0;
        for (int i = 0; i < batch.count(); i++) {
            batch.packet(i, packet);
            sum += packet.segment().get(ValueLayout.JAVA_BYTE, packet.offset()) + packet.wireLength();
        }
        return sum;
    }
}
