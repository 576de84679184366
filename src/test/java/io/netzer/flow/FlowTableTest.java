package io.netzer.flow;

import static io.netzer.testing.FlowFrames.ACK;
import static io.netzer.testing.FlowFrames.FIN;
import static io.netzer.testing.FlowFrames.RST;
import static io.netzer.testing.FlowFrames.SYN;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netzer.dissect.Dissector;
import io.netzer.dissect.Packet;
import io.netzer.testing.FlowFrames;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The flow table on its own: keys, directions, timeouts by packet time, the active timeout, the cap. */
class FlowTableTest {
    private static final long SECOND = 1_000_000_000L;
    private static final long START = 1_700_000_000L * SECOND;
    private static final FlowFrames.Endpoints WEB = FlowFrames.Endpoints.ipv4(0x0a000001, 40000, 0x0a000002, 80);
    private static final FlowFrames.Endpoints DNS = FlowFrames.Endpoints.ipv4(0x0a000001, 40001, 0x0a000003, 53);

    private final Packet packet = new Packet();
    private final Dissector dissector = new Dissector();
    private FlowTable table = new FlowTable(FlowConfig.defaults());
    /** The side that sent the frame of the last {@link #track}. */
    private int direction;

    /** Looks the frame up, creates its flow if new, counts it; returns the slot. */
    private int track(byte[] frame, long nanos) {
        FlowFrames.dissect(frame, nanos, packet, dissector);
        int found = table.lookup(dissector);
        if (found == FlowTable.NOT_FOUND) {
            found = table.create(packet, dissector);
        }
        int slot = FlowTable.slot(found);
        direction = FlowTable.direction(found);
        table.update(slot, direction, packet, dissector);
        return slot;
    }

    private static byte[] tcp(FlowFrames.Endpoints e, boolean fromClient, int flags) {
        return FlowFrames.tcp(e, fromClient, 1, 1, flags, new byte[0]);
    }

    @Test
    void shouldPutBothDirectionsInOneFlow() {
        int first = track(tcp(WEB, true, SYN), START);
        assertEquals(StreamListener.FROM_INITIATOR, direction);
        int second = track(tcp(WEB, false, SYN | ACK), START + 1);
        assertEquals(StreamListener.FROM_RESPONDER, direction);

        assertEquals(first, second);
        FlowView view = table.view(first, EndReason.END_OF_CAPTURE);
        assertEquals(1, view.packets(StreamListener.FROM_INITIATOR));
        assertEquals(1, view.packets(StreamListener.FROM_RESPONDER));
        assertEquals(40000, view.initiatorPort());
        assertEquals(80, view.responderPort());
        assertEquals(FlowState.ESTABLISHED, view.state());
        assertEquals(START, view.startNanos());
        assertEquals(START + 1, view.endNanos());
        byte[] address = new byte[16];
        assertEquals(4, view.initiatorAddress(address, 0));
        assertArrayEquals(new byte[] {10, 0, 0, 1}, java.util.Arrays.copyOf(address, 4));
    }

    @Test
    void shouldTakeTheSynAckReceiverAsInitiator() {
        int slot = track(tcp(WEB, false, SYN | ACK), START);

        assertEquals(StreamListener.FROM_RESPONDER, direction);
        assertEquals(40000, table.view(slot, EndReason.END_OF_CAPTURE).initiatorPort());
    }

    @Test
    void shouldKeepVlansAndIpVersionsApart() {
        int untagged = track(tcp(WEB, true, SYN), START);
        int vlan10 = track(tcp(WEB.withVlan(10), true, SYN), START);
        int vlan20 = track(tcp(WEB.withVlan(20), true, SYN), START);
        int ipv6 = track(tcp(WEB.ipv6(), true, SYN), START);

        assertEquals(4, table.size());
        assertNotEquals(vlan10, vlan20);
        assertNotEquals(untagged, vlan10);
        assertEquals(10, table.view(vlan10, EndReason.END_OF_CAPTURE).vlanId());
        assertEquals(-1, table.view(untagged, EndReason.END_OF_CAPTURE).vlanId());
        assertEquals(6, table.view(ipv6, EndReason.END_OF_CAPTURE).ipVersion());
        assertEquals(vlan20, track(tcp(WEB.withVlan(20), false, ACK), START + 1));
    }

    @Test
    void shouldKeyIcmpByAddressesAndKeepTheFirstType() {
        int request = track(FlowFrames.icmpEcho(WEB, true, 8), START);
        int reply = track(FlowFrames.icmpEcho(WEB, false, 0), START + 1);

        assertEquals(request, reply);
        FlowView view = table.view(request, EndReason.END_OF_CAPTURE);
        assertEquals(8, view.icmpType());
        assertEquals(1, view.protocol());
        // Per the spec: sha1(seed 0, 10.0.0.1, 10.0.0.2, 1, 0, type 8, counterpart 0), computed independently.
        assertEquals("1:YcMyyWJfhc95EW1GfXt6jlZ3DiQ=", view.communityId());
    }

    @Test
    void shouldEndUdpFlowsAfterSixtySecondsOfPacketTime() {
        int dns = track(FlowFrames.udp(DNS, true, new byte[4]), START);
        track(tcp(WEB, true, SYN), START + 59 * SECOND);
        assertEquals(FlowTable.NONE, table.dueForEnd());

        track(tcp(WEB, true, ACK), START + 60 * SECOND);

        assertEquals(dns, table.dueForEnd());
        assertEquals(EndReason.IDLE_TIMEOUT, table.idleReason(dns));
    }

    @Test
    void shouldEndTcpAfterTenSecondsOnceFinOrRstWasSeen() {
        int web = track(tcp(WEB, true, SYN), START);
        track(tcp(WEB, false, SYN | ACK), START);
        track(tcp(WEB, true, ACK | FIN), START + SECOND);
        assertEquals(FlowState.CLOSING, table.view(web, EndReason.CLOSED).state());
        table.advance(START + 10 * SECOND);
        assertEquals(FlowTable.NONE, table.dueForEnd());

        table.advance(START + 11 * SECOND);

        assertEquals(web, table.dueForEnd());
        assertEquals(EndReason.CLOSED, table.idleReason(web));
        track(tcp(WEB, false, RST), START + 11 * SECOND);
        assertEquals(FlowState.RESET, table.view(web, EndReason.CLOSED).state());
    }

    @Test
    void shouldEndEstablishedTcpAfterThreeHundredSeconds() {
        int web = track(tcp(WEB, true, SYN), START);
        table.advance(START + 299 * SECOND);
        assertEquals(FlowTable.NONE, table.dueForEnd());
        assertFalse(table.isIdle(web, START + 299 * SECOND));

        table.advance(START + 300 * SECOND);

        assertEquals(web, table.dueForEnd());
        assertTrue(table.isIdle(web, START + 300 * SECOND));
    }

    @Test
    void shouldReportLongFlowsAtEachActiveTimeout() {
        int web = track(tcp(WEB, true, SYN), START);
        int updates = 0;
        for (long t = 10; t <= 700; t += 10) {
            track(tcp(WEB, true, ACK), START + t * SECOND);
            for (int due = table.dueForUpdate(); due != FlowTable.NONE; due = table.dueForUpdate()) {
                assertEquals(web, due);
                updates++;
            }
        }
        assertEquals(2, updates, "at 300 s and at 600 s");
    }

    @Test
    void shouldNotGoBackInTime() {
        track(tcp(WEB, true, SYN), START + 100 * SECOND);
        int dns = track(FlowFrames.udp(DNS, true, new byte[4]), START);

        assertEquals(START + 100 * SECOND, table.view(dns, EndReason.END_OF_CAPTURE).startNanos());
    }

    @Test
    void shouldNameTheLongestIdleFlowForEvictionAndReuseItsSlot() {
        table = new FlowTable(FlowConfig.defaults().withMaxFlows(2));
        int web = track(tcp(WEB, true, SYN), START);
        int dns = track(FlowFrames.udp(DNS, true, new byte[4]), START + SECOND);
        track(tcp(WEB, true, ACK), START + 2 * SECOND);
        assertTrue(table.isFull());

        assertEquals(dns, table.longestIdle());
        table.remove(dns, EndReason.EVICTED);
        int third = track(FlowFrames.udp(DNS.withVlan(5), true, new byte[4]), START + 3 * SECOND);

        assertEquals(dns, third);
        assertEquals(1, table.ended(EndReason.EVICTED));
        assertEquals(3, table.created());
        assertEquals(web, track(tcp(WEB, false, ACK), START + 4 * SECOND));
    }

    @Test
    void shouldGrowAndFindEveryFlowAfterManyComeAndGo() {
        int flows = 20_000;
        int[] slots = new int[flows];
        for (int i = 0; i < flows; i++) {
            FlowFrames.Endpoints e = FlowFrames.Endpoints.ipv4(0x0a000000 + i, 1000 + i % 50000, 0x0b000001, 443);
            slots[i] = track(tcp(e, true, SYN), START + i);
        }
        for (int i = 0; i < flows; i += 2) {
            table.remove(slots[i], EndReason.IDLE_TIMEOUT);
        }
        for (int i = 1; i < flows; i += 2) {
            FlowFrames.Endpoints e = FlowFrames.Endpoints.ipv4(0x0a000000 + i, 1000 + i % 50000, 0x0b000001, 443);
            FlowFrames.dissect(tcp(e, false, ACK), START + flows, packet, dissector);
            int found = table.lookup(dissector);
            assertEquals(slots[i], FlowTable.slot(found));
            assertEquals(StreamListener.FROM_RESPONDER, FlowTable.direction(found));
        }
        assertEquals(flows / 2, table.size());
    }

    @Test
    void shouldTellRegisteredOwnersTheCapacityAndEachGrowthBeforeANewSlotIsUsed() {
        table = new FlowTable(FlowConfig.defaults().withMaxFlows(3000));
        List<Integer> told = new ArrayList<>();
        table.register(told::add);
        assertEquals(List.of(3000), told);

        table = new FlowTable(FlowConfig.defaults());
        told.clear();
        table.register(told::add);
        int highest = 0;
        for (int i = 0; i <= 4096; i++) {
            FlowFrames.Endpoints e = FlowFrames.Endpoints.ipv4(0x0a000000 + i, 1000 + i, 0x0b000001, 443);
            highest = Math.max(highest, track(tcp(e, true, SYN), START + i));
            assertTrue(highest < told.getLast(), "slot " + highest + " used before the owner heard of it");
        }
        assertEquals(List.of(4096, 8192), told);
    }

    @Test
    void shouldComputeTheCommunityIdOncePerFlowAndAfreshForTheNextFlowInItsSlot() {
        int first = track(FlowFrames.icmpEcho(WEB, true, 8), START);
        String id = table.view(first, EndReason.ACTIVE_TIMEOUT).communityId();
        assertSame(id, table.view(first, EndReason.END_OF_CAPTURE).communityId());
        table.remove(first, EndReason.END_OF_CAPTURE);

        int next = track(tcp(WEB, true, SYN), START + 1);
        assertEquals(first, next);
        // The TCP flow 10.0.0.1:40000 -> 10.0.0.2:80 with seed 0, from the spec's algorithm, as CommunityIdTest.
        assertEquals(new CommunityId().compute(new byte[] {10, 0, 0, 1}, new byte[] {10, 0, 0, 2}, 6, 40000, 80),
                table.view(next, EndReason.END_OF_CAPTURE).communityId());
    }

    @Test
    void shouldKeepTheLatestPacketsOwnTimeAndInterfaceBesideTheFlowsEnd() {
        int slot = track(tcp(WEB, true, SYN), START + 5);
        track(tcp(WEB, false, SYN | ACK), START + 3);

        FlowView view = table.newView().of(slot);
        assertEquals(START + 5, view.endNanos(), "packet time never goes back");
        assertEquals(START + 3, view.lastPacketNanos(), "the time an event of that packet shows");
        assertEquals(packet.interfaceIndex(), view.interfaceIndex());
        assertNull(view.endReason(), "a flow in progress");
    }
}
