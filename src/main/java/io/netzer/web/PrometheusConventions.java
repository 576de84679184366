package io.netzer.web;

import com.sun.management.OperatingSystemMXBean;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.config.MeterFilterReply;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.lang.management.ManagementFactory;

/**
 * Brings the two meters of Micrometer's process binder that {@code promtool check metrics} objects to under
 * Prometheus's conventions, so that {@code /q/metrics} lints clean as a whole (MetricsConventionsTest):
 * {@code system_cpu_count} (a gauge may not end in {@code _count}, which is a histogram's) is served as
 * {@code system_cpus}, and {@code process_cpu_time_ns_total} (an abbreviated unit, not the base one) as
 * {@code process_cpu_seconds_total}, the name every Prometheus client library gives the process's CPU time.
 * Netty's allocator meters, which carry no help text, are off in application.properties.
 */
public class PrometheusConventions {
    private static final double NANOS_PER_SECOND = 1e9;

    @Produces
    @Singleton
    MeterFilter conventions() {
        return new MeterFilter() {
            @Override
            public MeterFilterReply accept(Meter.Id id) {
                return id.getName().equals("process.cpu.time") ? MeterFilterReply.DENY : MeterFilterReply.NEUTRAL;
            }

            @Override
            public Meter.Id map(Meter.Id id) {
                return id.getName().equals("system.cpu.count") ? id.withName("system.cpus") : id;
            }
        };
    }

    @Produces
    @Singleton
    MeterBinder processCpuSeconds() {
        return PrometheusConventions::bindProcessCpuSeconds;
    }

    private static void bindProcessCpuSeconds(MeterRegistry registry) {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof OperatingSystemMXBean os) {
            FunctionCounter.builder("process.cpu", os, o -> o.getProcessCpuTime() / NANOS_PER_SECOND)
                    .baseUnit("seconds").description("CPU time the process used").register(registry);
        }
    }
}
