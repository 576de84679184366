package io.netzer.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConnectionBudgetTest {
    private final List<String> closed = new ArrayList<>();
    private final ConnectionBudget<String> budget = new ConnectionBudget<>(3, closed::add);

    @Test
    void shouldAdmitUpToTheCap() {
        budget.admit("a");
        budget.admit("b");
        budget.admit("c");
        assertEquals(3, budget.open());
        assertEquals(List.of(), closed);
        assertEquals(0, budget.evicted());
    }

    @Test
    void shouldCloseTheLeastRecentlyUsedConnectionAtTheCap() {
        budget.admit("silent");
        budget.admit("probe");
        budget.admit("keepalive");
        budget.requestBegin("probe");
        budget.admit("new");
        assertEquals(List.of("silent"), closed);
        budget.admit("newer");
        assertEquals(List.of("silent", "keepalive"), closed, "the probe sent its request after keepalive opened");
        budget.admit("newest");
        assertEquals(List.of("silent", "keepalive", "probe"), closed);
        assertEquals(3, budget.open());
        assertEquals(3, budget.evicted());
    }

    @Test
    void shouldKeepAProbeThatAsksWhileAFloodDisplacesItself() {
        budget.admit("probe");
        for (int i = 0; i < 1000; i++) {
            budget.admit("flood" + i);
            if (i % 2 == 0) {
                budget.requestBegin("probe");
            }
        }
        assertEquals(3, budget.open());
        assertFalse(closed.contains("probe"));
        assertEquals(998, closed.size());
    }

    @Test
    void shouldForgetClosedConnectionsAndKnowWhichWaitForTheirFirstRequest() {
        budget.admit("a");
        budget.admit("b");
        assertTrue(budget.waitingForFirstRequest("a"));
        budget.requestBegin("a");
        assertFalse(budget.waitingForFirstRequest("a"));
        budget.closed("b");
        assertFalse(budget.waitingForFirstRequest("b"));
        budget.requestBegin("b");
        assertEquals(1, budget.open());
    }

    @Test
    void shouldRefuseACapBelowOne() {
        assertThrows(IllegalArgumentException.class, () -> new ConnectionBudget<String>(0, c -> { }));
    }
}
