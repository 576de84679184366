package io.netzer.service;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netzer.app.ClientHello;
import io.netzer.app.ClientHelloParser;
import io.netzer.app.DnsMessage;
import io.netzer.app.DnsMessageParser;
import io.netzer.app.HelloBuilder;
import io.netzer.app.HttpExchange;
import io.netzer.app.HttpRequest;
import io.netzer.app.ParseStatus;
import io.netzer.app.TlsHandshake;
import io.netzer.dissect.Dissector;
import io.netzer.dissect.LinkType;
import io.netzer.dissect.Packet;
import io.netzer.export.LineTap;
import io.netzer.filter.CompileOptions;
import io.netzer.filter.FilterSyntaxException;
import io.netzer.pipeline.Dataset;
import io.netzer.pipeline.EventContext;
import io.netzer.flow.FlowConfig;
import io.netzer.flow.StreamListener;
import io.netzer.pipeline.EventSink;
import io.netzer.pipeline.FlowEvents;
import io.netzer.pipeline.FlowStage;
import io.netzer.stats.PanelSampler;
import io.netzer.stats.TopFlows;
import io.netzer.stats.TopNames;
import io.netzer.testing.CaptureEnd;
import io.netzer.testing.FlowContexts;
import io.netzer.testing.FlowFrames;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The event fan-out: datasets chosen, filters run on the event's packet (or its flow's header-only packet), one copy
 * shared, full queues counted.
 */
class EventFanoutTest {
    private static final String PACKET_LINE = "{\"@timestamp\":\"2026-01-01T00:00:00.000000000Z\","
            + "\"event\":{\"dataset\":\"netzer.packet\",\"sequence\":1}}\n";
    private static final String DNS_LINE = "{\"@timestamp\":\"2026-01-01T00:00:00.000000000Z\","
            + "\"event\":{\"dataset\":\"netzer.dns\"},\"dns\":{\"type\":\"query\",\"question\":{\"name\":\"a.example\"}}}\n";

    private final EventFanout fanout = new EventFanout(LinkType.ETHERNET, CompileOptions.forFile());
    private final LineTap tap = fanout.tap();

    @Test
    void shouldDeliverOneSharedCopyToTheSubscribersOfTheDataset() {
        assertFalse(tap.active());
        EventSubscriber all = fanout.subscribe("http", List.of(), null, 10);
        EventSubscriber dns = fanout.subscribe("http", List.of("dns"), null, 10);
        assertTrue(tap.active());
        assertTrue(tap.wantsPackets());
        offer(PACKET_LINE, Dataset.PACKET, null);
        offer(DNS_LINE, Dataset.DNS, null);
        assertEquals(2, all.queued());
        assertEquals(1, dns.queued());
        EventSubscriber.Event first = all.poll();
        assertEquals(PACKET_LINE, new String(first.line(), StandardCharsets.UTF_8));
        assertSame(all.poll().line(), dns.poll().line(), "one copy per event");
        fanout.unsubscribe(all);
        assertFalse(tap.wantsPackets(), "the dns subscriber wants no packet events");
        fanout.unsubscribe(dns);
        assertFalse(tap.active());
    }

    @Test
    void shouldRunTheFilterOnThePacketAndSkipEventsWithNeitherPacketNorEndpoints() {
        EventSubscriber udp = fanout.subscribe("websocket", List.of("packet"), "udp port 53", 10);
        offer(PACKET_LINE, Dataset.PACKET, udpPacket(53));
        offer(PACKET_LINE, Dataset.PACKET, udpPacket(54));
        offer(PACKET_LINE, Dataset.PACKET, null);
        assertEquals(1, udp.queued());
        assertNull(fanout.subscribe("http", List.of(), " ", 1).filter(), "a blank filter is no filter");
    }

    @Test
    void shouldJudgeAnEventNoPacketProducedByAHeaderOnlyPacketOfItsFlow() {
        EventSubscriber https = fanout.subscribe("http", List.of("flow"), "tcp port 443 and host 192.0.2.2", 10);
        EventSubscriber v6 = fanout.subscribe("http", List.of("flow"), "ip6 and udp dst port 53", 10);
        EventSubscriber syn = fanout.subscribe("http", List.of("flow"), "tcp[tcpflags] & tcp-syn != 0", 10);
        offer(PACKET_LINE, Dataset.FLOW, null, endpoints(4, 6, 50000, 443));
        offer(PACKET_LINE, Dataset.FLOW, null, endpoints(4, 6, 50000, 80));
        offer(PACKET_LINE, Dataset.FLOW, null, endpoints(16, 17, 50000, 53));
        offer(PACKET_LINE, Dataset.FLOW, null, null);
        assertEquals(1, https.queued(), "the flow to port 443 of 192.0.2.2, not the one to port 80");
        assertEquals(1, v6.queued());
        assertEquals(0, syn.queued(), "a header-only packet carries no flags");
    }

    @Test
    void shouldBuildTheHeaderOnlyPacketWithTheCapturesLinkType() {
        for (int linkType : new int[] {LinkType.LINUX_SLL, LinkType.LINUX_SLL2, LinkType.RAW, LinkType.IPV4,
                LinkType.NULL}) {
            EventFanout other = new EventFanout(linkType, CompileOptions.forFile());
            EventSubscriber dns = other.subscribe("http", List.of("dns"), "udp port 53 and src host 192.0.2.1", 10);
            byte[] bytes = DNS_LINE.getBytes(StandardCharsets.UTF_8);
            other.tap().line(Dataset.DNS, bytes, 0, bytes.length, null, endpoints(4, 17, 40000, 53));
            other.tap().line(Dataset.DNS, bytes, 0, bytes.length, null, endpoints(4, 17, 40000, 54));
            assertEquals(1, dns.queued(), "link type " + linkType);
        }
    }

    @Test
    void shouldJudgeEventsByTheirFlowWithoutAllocating() {
        EventSubscriber none = fanout.subscribe("http", List.of("flow"), "port 9", 10);
        EventContext endpoints = endpoints(16, 6, 50000, 443);
        byte[] bytes = ("padding" + DNS_LINE).getBytes(StandardCharsets.UTF_8);
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        for (int i = 0; i < 20_000; i++) {
            tap.line(Dataset.FLOW, bytes, 7, bytes.length - 7, null, endpoints);
        }
        long before = threads.getCurrentThreadAllocatedBytes();
        int events = 1_000_000;
        for (int i = 0; i < events; i++) {
            tap.line(Dataset.FLOW, bytes, 7, bytes.length - 7, null, endpoints);
        }
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        assertTrue(allocated < events / 10, "allocated " + allocated + " bytes over " + events + " events");
        assertEquals(0, none.queued());
    }

    /**
     * A message of a flow from 192.0.2.1 (2001:db8::c000:201 when {@code addressLength} is 16) to 192.0.2.2
     * (2001:db8::c000:202), TCP (6) or UDP (17), the ports given.
     */
    private static EventContext endpoints(int addressLength, int protocol, int sourcePort, int destinationPort) {
        FlowFrames.Endpoints e = FlowFrames.Endpoints.ipv4(0xc0000201, sourcePort, 0xc0000202, destinationPort);
        FlowFrames.Endpoints flow = addressLength == 16 ? e.ipv6() : e;
        return FlowContexts.of(protocol == 17 ? FlowFrames.udp(flow, true, new byte[0])
                : FlowFrames.tcp(flow, true, 1, 0, FlowFrames.SYN, new byte[0]), 0);
    }

    @Test
    void shouldCountWhatAFullQueueDrops() {
        EventSubscriber slow = fanout.subscribe("http", List.of(), null, 2);
        for (int i = 0; i < 5; i++) {
            offer(PACKET_LINE, Dataset.PACKET, null);
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
    void shouldCountEveryEventProducedAndTakeTheNamesFromTheTypedCalls() {
        assertFalse(tap.active(), "nobody streams");
        EventSink events = fanout.events();
        ClientHello hello = new ClientHello();
        byte[] record = new HelloBuilder().serverName("www.example.org").record();
        assertEquals(ParseStatus.COMPLETE,
                new ClientHelloParser().parse(MemorySegment.ofArray(record), 0, record.length, hello));
        events.tls(new EventContext(), null, new TlsHandshake(hello).begin(false));
        DnsMessage query = dns(false);
        events.dns(new EventContext(), null, query);
        events.dns(new EventContext(), null, dns(true));
        events.http(new EventContext(), null, HttpExchange.request(new HttpRequest(), 0));

        assertEquals(1, fanout.produced(Dataset.TLS));
        assertEquals(2, fanout.produced(Dataset.DNS), "queries and answers");
        assertEquals(1, fanout.produced(Dataset.HTTP));
        assertEquals(0, fanout.produced(Dataset.PACKET), "packet events are not counted");
        TopNames serverNames = new TopNames(8);
        TopNames dnsNames = new TopNames(8);
        fanout.names().drainInto(serverNames, dnsNames);
        assertEquals(List.of("www.example.org"), serverNames.top(8).stream().map(TopNames.NameCount::name).toList());
        assertEquals(List.of("a.example"), dnsNames.top(8).stream().map(TopNames.NameCount::name).toList(),
                "the question of the query; the answer's is not counted again");
        assertArrayEquals(new long[] {1, 0, 0, 0, 0}, fanout.outcomes().dnsTotals(), "the response's NOERROR");
        assertArrayEquals(new long[] {0, 0, 0, 0, 0, 0, 1}, fanout.outcomes().httpTotals(), "no response");
        assertArrayEquals(new long[] {0, 0, 0, 0, 0, 0, 1}, fanout.outcomes().tlsTotals(), "no ServerHello");
        events.tls(new EventContext(), null, new TlsHandshake(hello).begin(true));
        assertEquals(1, fanout.outcomes().tlsTotals()[0], "QUIC v1 is TLS 1.3");
    }

    @Test
    void shouldHoldTheFlowsOfAFloodWithinTheQueueAndTheTable() throws Exception {
        FlowStage stage = new FlowStage(FlowConfig.defaults(), new StreamListener[0],
                new FlowEvents(new EventSink[] {fanout.events()}));
        Packet packet = new Packet();
        Dissector dissector = new Dissector();
        long nanos = 1_700_000_000_000_000_000L;
        // a large flow first, then a flood of 100,000 one-packet flows from distinct sources
        for (int i = 0; i < 20; i++) {
            send(stage, packet, dissector, FlowFrames.udp(FlowFrames.Endpoints.ipv4(0x0a000001, 5000, 0x0a000002, 53),
                    true, new byte[1000]), nanos);
        }
        stage.idle(nanos + 61_000_000_000L);
        TopFlows flows = new TopFlows(PanelSampler.FLOW_SLOTS, PanelSampler.FLOW_AGE_MILLIS);
        fanout.flows().drainInto(flows, 0);
        for (int i = 0; i < 100_000; i++) {
            send(stage, packet, dissector, FlowFrames.udp(FlowFrames.Endpoints.ipv4(0x0b000000 + i, 1024 + i % 60000,
                    0x0a000002, 53), true, new byte[i % 64]), nanos + 62_000_000_000L);
        }
        CaptureEnd.of(stage);

        assertEquals(1, flows.size());
        assertEquals(EventFlows.CAPACITY, fanout.flows().waiting(), "the queue holds its capacity, no more");
        assertEquals(100_000 - EventFlows.CAPACITY, fanout.droppedByKind().get(EventFanout.DASHBOARD),
                "the rest dropped and counted");
        fanout.flows().drainInto(flows, 0);
        assertEquals(PanelSampler.FLOW_SLOTS, flows.size());
        assertEquals("10.0.0.1", flows.top(1).get(0).source(), "the large flow stays on top");
        assertEquals(105, flows.threshold(), "the table holds the largest of the flood seen: 60 + 45 bytes");

        // once the table is full, the flows below its smallest row are not even queued
        for (int i = 0; i < 10_000; i++) {
            send(stage, packet, dissector, FlowFrames.udp(FlowFrames.Endpoints.ipv4(0x0c000000 + i, 1024, 0x0a000002,
                    53), true, new byte[8]), nanos + 70_000_000_000L);
        }
        CaptureEnd.of(stage);
        assertEquals(0, fanout.flows().waiting());
    }

    private static void send(FlowStage stage, Packet packet, Dissector dissector, byte[] frame, long nanos)
            throws IOException {
        packet.wrap(MemorySegment.ofArray(frame), 0, frame.length, frame.length, nanos, LinkType.ETHERNET, 0, 1);
        dissector.dissect(packet);
        stage.accept(packet, dissector);
    }

    /** A DNS message for a.example, type A, class IN: a query, or a response with no answer. */
    private static DnsMessage dns(boolean response) {
        return dns(response, 0);
    }

    /** A DNS message for a.example, type A, class IN: a query, or a response with {@code responseCode}, no answer. */
    static DnsMessage dns(boolean response, int responseCode) {
        byte[] bytes = {
            0x12, 0x34, // ID
            (byte) (response ? 0x81 : 0x01), (byte) (response ? 0x80 | responseCode : 0x00), // QR, RD (RA, RCODE)
            0, 1, 0, 0, 0, 0, 0, 0, // QDCOUNT 1, ANCOUNT, NSCOUNT, ARCOUNT 0
            1, 'a', 7, 'e', 'x', 'a', 'm', 'p', 'l', 'e', 0, // QNAME a.example
            0, 1, 0, 1, // QTYPE A, QCLASS IN
        };
        DnsMessage message = new DnsMessage();
        assertEquals(ParseStatus.COMPLETE,
                new DnsMessageParser().parse(MemorySegment.ofArray(bytes), 0, bytes.length, message));
        return message;
    }

    private void offer(String line, Dataset dataset, Packet packet) {
        offer(line, dataset, packet, null);
    }

    private void offer(String line, Dataset dataset, Packet packet, EventContext endpoints) {
        byte[] bytes = ("padding" + line).getBytes(StandardCharsets.UTF_8);
        tap.line(dataset, bytes, 7, bytes.length - 7, packet, endpoints);
    }

    /** An Ethernet/IPv4/UDP frame to {@code port}. */
    private static Packet udpPacket(int port) {
        byte[] frame = FlowFrames.udp(FlowFrames.Endpoints.ipv4(0xc0000201, 12345, 0xc0000202, port), true,
                new byte[0]);
        return new Packet().wrap(MemorySegment.ofArray(frame), 0, frame.length, frame.length, 0, LinkType.ETHERNET,
                0, 1);
    }
}
