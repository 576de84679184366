package io.netzer.capture;

import io.netzer.dissect.Packet;
import java.lang.foreign.ValueLayout;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * The reader side of bench/live-capture.sh: captures on an interface for some seconds with the worker and the
 * capture thread pinned to one CPU, touching the first byte of every packet, and prints packets per second, the
 * CPU time per packet of the two reader threads, and the kernel's counters.
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
                Integer.parseInt(args[4]), LiveRingConfig.DEFAULT_BLOCK_TIMEOUT_MILLIS).withCaptureCpus(cpu);
        CpuAffinity.pinCurrentThread(CpuAffinity.parse(cpu));
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        PacketBatch batch = new PacketBatch();
        Packet packet = new Packet();
        try (LiveRingSource source = LiveRingSource.open(config)) {
            source.start();
            Thread capture = Thread.getAllStackTraces().keySet().stream()
                    .filter(t -> t.getName().startsWith("netzer-capture-")).findFirst().orElseThrow();
            // warm up until traffic flows, then measure from a clean baseline
            long warmEnd = System.nanoTime() + 1_000_000_000L;
            while (System.nanoTime() < warmEnd && source.nextBatch(batch)) {
                touch(batch, packet);
            }
            SourceStatistics kernelBefore = source.statistics();
            long packetsBefore = source.ringStatistics().packets();
            long workerCpu = threads.getCurrentThreadCpuTime();
            long captureCpu = threads.getThreadCpuTime(capture.threadId());
            long start = System.nanoTime();
            long end = start + seconds * 1_000_000_000L;
            long sum = 0;
            while (System.nanoTime() < end && source.nextBatch(batch)) {
                sum += touch(batch, packet);
            }
            long elapsed = System.nanoTime() - start;
            workerCpu = threads.getCurrentThreadCpuTime() - workerCpu;
            captureCpu = threads.getThreadCpuTime(capture.threadId()) - captureCpu;
            long packets = source.ringStatistics().packets() - packetsBefore;
            SourceStatistics kernel = source.statistics();
            long received = kernel.received() - kernelBefore.received();
            long dropped = kernel.dropped() - kernelBefore.dropped();
            System.out.printf("packets walked      %d in %.2f s: %.0f packets/s (checksum %d)%n", packets,
                    elapsed / 1e9, packets * 1e9 / elapsed, sum & 0xff);
            System.out.printf("reader CPU/packet   %.1f ns (worker %.1f ns + capture thread %.1f ns)%n",
                    (workerCpu + captureCpu) / (double) Math.max(1, packets), workerCpu / (double) Math.max(1, packets),
                    captureCpu / (double) Math.max(1, packets));
            System.out.printf("reader CPU use      worker %.0f%%, capture thread %.0f%%%n", workerCpu * 100.0 / elapsed,
                    captureCpu * 100.0 / elapsed);
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
