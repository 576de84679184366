package io.netzer.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netzer.dissect.LinkType;
import io.netzer.dissect.Packet;
import io.netzer.export.LineTap;
import io.netzer.filter.CompileOptions;
import io.netzer.filter.FilterSyntaxException;
import io.netzer.pipeline.Dataset;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The event fan-out: datasets chosen, filters run on the event's packet, one copy shared, full queues counted. */
class EventFanoutTest {
    private static final String PACKET_LINE = "{\"@timestamp\":\"2026-01-01T00:00:00.000000000Z\","
            + "\"event\":{\"dataset\":\"netzer.packet\",\"sequence\":1}}\n";
    private static final String DNS_LINE = "{\"@timestamp\":\"2026-01-01T00:00:00.000000000Z\","
            + "\"event\":{\"dataset\":\"netzer.dns\"},\"dns\":{\"type\":\"query\",\"question\":{\"name\":\"a.example\"}}}\n";

    private final EventFanout fanout = new EventFanout(LinkType.ETHERNET, CompileOptions.forFile());
    private final LineTap tap = fanout.tap();

    @Test
    void shouldReadTheDatasetFromTheLine() {
        assertEquals(Dataset.PACKET, dataset(PACKET_LINE));
        assertEquals(Dataset.DNS, dataset(DNS_LINE));
        assertEquals(Dataset.OTHER, dataset("{\"event\":{\"dataset\":\"netzer.future\"}}\n"));
        assertEquals(Dataset.OTHER, dataset("{}\n"));
    }

    @Test
    void shouldDeliverOneSharedCopyToTheSubscribersOfTheDataset() {
        assertFalse(tap.active());
        EventSubscriber all = fanout.subscribe("http", List.of(), null, 10);
        EventSubscriber dns = fanout.subscribe("http", List.of("dns"), null, 10);
        assertTrue(tap.active());
        assertTrue(tap.wantsPackets());
        offer(PACKET_LINE, null);
        offer(DNS_LINE, null);
        assertEquals(2, all.queued());
        assertEquals(1, dns.queued());
        assertEquals(1, fanout.produced(Dataset.DNS), "flow and app events are counted by type");
        assertEquals(0, fanout.produced(Dataset.PACKET), "packet events are not");
        EventSubscriber.Event first = all.poll();
        assertEquals(PACKET_LINE, new String(first.line(), StandardCharsets.UTF_8));
        assertSame(all.poll().line(), dns.poll().line(), "one copy per event");
        fanout.unsubscribe(all);
        assertFalse(tap.wantsPackets(), "the dns subscriber wants no packet events");
        fanout.unsubscribe(dns);
        assertFalse(tap.active());
    }

    @Test
    void shouldRunTheFilterOnThePacketAndSkipEventsWithoutOne() {
        EventSubscriber udp = fanout.subscribe("websocket", List.of("packet"), "udp port 53", 10);
        offer(PACKET_LINE, udpPacket(53));
        offer(PACKET_LINE, udpPacket(54));
        offer(PACKET_LINE, null);
        assertEquals(1, udp.queued());
        assertNull(fanout.subscribe("http", List.of(), " ", 1).filter(), "a blank filter is no filter");
    }

    @Test
    void shouldCountWhatAFullQueueDrops() {
        EventSubscriber slow = fanout.subscribe("http", List.of(), null, 2);
        for (int i = 0; i < 5; i++) {
            offer(PACKET_LINE, null);
        }
        assertEquals(2, slow.queued());
        assertEquals(3, slow.dropped());
        assertEquals(5, slow.offered());
        assertEquals(3L, fanout.droppedByKind().get("http"));
        assertTrue(slow.full());
    }

    @Test
    void shouldRefuseBadFiltersAndTypes() {
        FilterSyntaxException bad = assertThrows(FilterSyntaxException.class,
                () -> fanout.subscribe("http", List.of(), "tcp port", 1));
        assertTrue(bad.getMessage().contains("expected a port"), bad.getMessage());
        assertThrows(IllegalArgumentException.class, () -> fanout.subscribe("http", List.of("nope"), null, 1));
        assertEquals(0, fanout.subscribers().size());
    }

    @Test
    void shouldFindTheNamesOfTlsAndDnsEvents() {
        assertEquals("a.example", EventNames.nameOf(event(DNS_LINE, Dataset.DNS)));
        assertNull(EventNames.nameOf(event(DNS_LINE.replace("query", "answer"), Dataset.DNS)));
        assertEquals("www.example.org", EventNames.nameOf(event("{\"event\":{\"dataset\":\"netzer.tls\"},"
                + "\"tls\":{\"client\":{\"alpn\":[\"h2\"],\"server_name\":\"www.example.org\"}}}\n", Dataset.TLS)));
    }

    private static EventSubscriber.Event event(String line, Dataset dataset) {
        return new EventSubscriber.Event(line.getBytes(StandardCharsets.UTF_8), dataset, 0);
    }

    private static Dataset dataset(String line) {
        byte[] bytes = ("xx" + line).getBytes(StandardCharsets.UTF_8);
        return Dataset.of(bytes, 2, bytes.length - 2);
    }

    private void offer(String line, Packet packet) {
        byte[] bytes = ("padding" + line).getBytes(StandardCharsets.UTF_8);
        tap.line(bytes, 7, bytes.length - 7, packet);
    }

    /** An Ethernet/IPv4/UDP frame to {@code port}. */
    private static Packet udpPacket(int port) {
        byte[] frame = new byte[42];
        frame[12] = 0x08; // EtherType IPv4
        frame[14] = 0x45; // version 4, IHL 5
        frame[17] = 28; // total length
        frame[22] = 64; // TTL
        frame[23] = 17; // protocol UDP
        frame[34] = 0x30; // source port 12345
        frame[35] = 0x39;
        frame[36] = (byte) (port >> 8); // destination port
        frame[37] = (byte) port;
        frame[39] = 8; // UDP length
        return new Packet().wrap(MemorySegment.ofArray(frame), 0, frame.length, frame.length, 0, LinkType.ETHERNET,
                0, 1);
    }
}
