package io.netzer.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConnectionBudgetTest {
    private static final String KUBELET = "10.0.0.1";
    private static final String NEIGHBOUR = "10.0.0.66";

    private final List<String> closed = new ArrayList<>();
    private final ConnectionBudget<String> budget = new ConnectionBudget<>(3, closed::add);

    @Test
    void shouldAdmitUpToTheCap() {
        budget.admit("a", KUBELET);
        budget.admit("b", NEIGHBOUR);
        budget.admit("c", NEIGHBOUR);
        assertEquals(3, budget.open());
        assertEquals(List.of(), closed);
        assertEquals(0, budget.evicted());
    }

    @Test
    void shouldCloseTheLeastRecentlyUsedConnectionOfOneSourceAtTheCap() {
        budget.admit("silent", KUBELET);
        budget.admit("probe", KUBELET);
        budget.admit("keepalive", KUBELET);
        budget.requestBegin("silent");
        budget.admit("new", KUBELET);
        assertEquals(List.of("probe"), closed, "silent sent a request after probe opened");
        budget.admit("newer", KUBELET);
        assertEquals(List.of("probe", "keepalive"), closed);
        assertEquals(3, budget.open());
        assertEquals(2, budget.evicted());
    }

    @Test
    void shouldKeepTheKubeletsProbeWhileANeighbourFloodsThePort() {
        budget.admit("probe", KUBELET);
        for (int i = 0; i < 1000; i++) {
            budget.admit("flood" + i, NEIGHBOUR);
        }
        assertEquals(3, budget.open());
        assertFalse(closed.contains("probe"));
        assertEquals(998, closed.size());
        budget.admit("next probe", KUBELET);
        assertFalse(closed.contains("probe"));
        assertEquals("flood998", closed.getLast());
    }

    @Test
    void shouldForgetClosedConnectionsAndKnowWhichWaitForTheirFirstRequest() {
        budget.admit("a", KUBELET);
        budget.admit("b", NEIGHBOUR);
        assertTrue(budget.waitingForFirstRequest("a"));
        budget.requestBegin("a");
        assertFalse(budget.waitingForFirstRequest("a"));
        budget.closed("b");
        budget.closed("b");
        assertFalse(budget.waitingForFirstRequest("b"));
        budget.requestBegin("b");
        assertEquals(1, budget.open());
        budget.admit("c", NEIGHBOUR);
        budget.admit("d", NEIGHBOUR);
        budget.admit("e", KUBELET);
        assertEquals(List.of("c"), closed, "the neighbour holds the most");
    }

    @Test
    void shouldRefuseACapBelowOne() {
        assertThrows(IllegalArgumentException.class, () -> new ConnectionBudget<String>(0, c -> { }));
    }
}
