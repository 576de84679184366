package io.netzer.service;

import io.netzer.capture.RingStatistics;
import io.netzer.capture.SourceStatistics;
import io.netzer.dissect.DecodeStatus;
import io.netzer.dissect.LinkType;
import io.netzer.filter.CompileOptions;
import io.netzer.stats.WorkerStats;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Liveness over two fanout sources, each worker judged by its own socket's traffic. */
class ServiceSessionHealthTest {
    /** Counters a test moves by hand, as two sockets and their workers would. */
    private static final class Sources implements ServiceSession.CaptureProbe {
        final long[] received = new long[2];
        final long[] returned = new long[2];

        @Override
        public int sources() {
            return 2;
        }

        @Override
        public RingStatistics ring(int i) {
            return new RingStatistics(returned[i], 0, returned[i], 0, 0, 0, 0, 0, 0);
        }

        @Override
        public SourceStatistics kernel(int i) {
            return new SourceStatistics(received[i], 0, 0);
        }
    }

    private static ServiceSession session(Sources sources) {
        ServiceSession.CaptureInfo info = new ServiceSession.CaptureInfo("veth0", "EN10MB", null, 262144, true,
                1 << 22, 64, 10, 2);
        WorkerStats stats = new WorkerStats(DecodeStatus.values().length, 64);
        // a stall time of 1 ns: one sample without progress while the kernel received is a stall
        ServiceSession session = new ServiceSession(info, sources, List.of(stats, stats),
                new EventFanout(LinkType.ETHERNET, CompileOptions.forFile()), 1);
        session.ready(new ServiceSession.Credentials("nobody", 65534, 65534));
        return session;
    }

    @Test
    void shouldStayLiveWhileOneSocketOfTheGroupGetsNoTraffic() {
        Sources sources = new Sources();
        try (ServiceSession session = session(sources)) {
            for (int second = 0; second < 5; second++) {
                sources.received[0] += 1000;
                sources.returned[0] += 3;
                session.tick();
                assertTrue(session.health().live(), session.health().reason());
            }
            assertEquals(5000, session.kernel().received(), "the sum of the sockets' counters");
        }
    }

    @Test
    void shouldReportAWorkerThatStopsReturningBlocksWhileItsSocketReceives() {
        Sources sources = new Sources();
        try (ServiceSession session = session(sources)) {
            session.tick();
            sources.received[1] += 1000;
            sources.returned[1] += 1;
            session.tick();
            assertTrue(session.health().live(), session.health().reason());
            session.tick();
            assertTrue(session.health().live(), "no traffic, no work waiting: " + session.health().reason());
            sources.received[1] += 1000;
            session.tick();
            assertEquals(new ServiceSession.Health(false,
                    "worker 1 stopped advancing while the kernel received packets"), session.health());
            sources.returned[1] += 1;
            session.tick();
            assertTrue(session.health().live(), session.health().reason());
        }
    }
}
