package io.netzer.capture;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class DefaultRouteInterfaceTest {
    private static final String HEADER =
            "Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT";

    @Test
    void shouldPickTheDefaultRouteWithTheLowestMetric() {
        List<String> lines = List.of(HEADER,
                "eth1\t00000000\t0101A8C0\t0003\t0\t0\t600\t00000000\t0\t0\t0",   // default via 192.168.1.1, metric 600
                "eth0\t00000000\t010011AC\t0003\t0\t0\t100\t00000000\t0\t0\t0",   // default via 172.17.0.1, metric 100
                "eth0\t000011AC\t00000000\t0001\t0\t0\t0\t0000FFFF\t0\t0\t0");    // 172.17.0.0/16, on-link
        assertEquals("eth0", DefaultRouteInterface.find(lines));
    }

    @Test
    void shouldIgnoreRoutesThatAreNotDefaultOrNotUp() {
        List<String> lines = List.of(HEADER,
                "eth0\t000011AC\t00000000\t0001\t0\t0\t0\t0000FFFF\t0\t0\t0",   // 172.17.0.0/16
                "eth9\t00000000\t010011AC\t0002\t0\t0\t0\t00000000\t0\t0\t0",   // default, RTF_UP missing
                "garbage");
        assertNull(DefaultRouteInterface.find(lines));
        assertNull(DefaultRouteInterface.find(List.of()));
    }
}
