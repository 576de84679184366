package io.netzer.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netzer.capture.CaptureFiles;
import io.netzer.capture.PacketSource;
import io.netzer.dissect.DecodeStatus;
import io.netzer.dissect.Dissector;
import io.netzer.export.LineOutput;
import io.netzer.export.NdjsonEventSink;
import io.netzer.export.NdjsonPacketSink;
import io.netzer.filter.CompileOptions;
import io.netzer.flow.FlowConfig;
import io.netzer.flow.StreamListener;
import io.netzer.inspect.AppInspector;
import io.netzer.pipeline.EventSink;
import io.netzer.pipeline.FlowEvents;
import io.netzer.pipeline.FlowStage;
import io.netzer.pipeline.PacketSink;
import io.netzer.pipeline.Worker;
import io.netzer.stats.WorkerStats;
import io.netzer.testing.Corpus;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * Issue 15's defect, and the events no packet produced: stream clients with a filter, fed by the real worker, flow
 * stage, inspector, NDJSON writers and fan-out over replayed corpus captures of several link types, get exactly the
 * tls, dns, http and flow events the unfiltered client gets for the flows their filter matches, those written at
 * the end of the capture (flows, handshakes and requests resolved by it) included.
 */
class FilteredEventStreamsTest {
    private static final List<String> CAPTURES = List.of(
            "arkime-curl-enabled-tls13.pcap",           // Ethernet: TLS 1.3 and its DNS lookups
            "zeek-http-pipelined-requests.pcap",        // Ethernet: pipelined HTTP
            "pcpp-sll.pcap",                            // Linux cooked v1: HTTP, DNS, mDNS, IPv6
            "pcpp-raw_ip.pcap",                         // raw IP: HTTP, TLS, DNS, IPv4 and IPv6
            "suricata-decode-sll2-02.pcap",             // Linux cooked v2: an HTTP download
            "tcpdump-quic_handshake.pcap");             // BSD loopback: QUIC over IPv6

    private final ObjectMapper json = new ObjectMapper();

    /** One filtered client: its datasets, filter, and which of the unfiltered client's events its flows carry. */
    private record Client(String types, String filter, Predicate<JsonNode> matches) {
    }

    @Test
    void shouldGiveFilteredClientsEveryEventOfTheFlowsTheirFilterMatches() throws IOException {
        List<Client> clients = List.of(
                new Client("tls,flow", "port 443", e -> port(e, 443)),
                new Client("dns,flow", "udp port 53", e -> transport(e, "udp") && port(e, 53)),
                new Client("http,flow", "tcp port 80", e -> transport(e, "tcp") && port(e, 80)),
                new Client("tls,dns,http,flow", "ip6", e -> address(e).contains(":")));
        int compared = 0;
        int withoutPacket = 0;
        for (String name : CAPTURES) {
            Path file = Corpus.pcaps().resolve(name);
            int linkType;
            try (PacketSource source = CaptureFiles.open(file)) {
                linkType = source.linkType();
            }
            EventFanout fanout = new EventFanout(linkType, CompileOptions.forFile());
            EventSubscriber all = fanout.subscribe("http", List.of("tls", "dns", "http", "flow"), null, 100_000);
            List<EventSubscriber> filtered = new ArrayList<>();
            for (Client client : clients) {
                filtered.add(fanout.subscribe("http", List.of(client.types().split(",")), client.filter(), 100_000));
            }
            replay(file, fanout);
            List<JsonNode> everything = drain(all);
            for (JsonNode event : everything) {
                withoutPacket += event.path("event").path("dataset").asText().equals("netzer.flow") ? 1 : 0;
            }
            for (int i = 0; i < clients.size(); i++) {
                Client client = clients.get(i);
                List<String> types = List.of(client.types().split(","));
                List<JsonNode> expected = everything.stream()
                        .filter(e -> types.contains(e.path("event").path("dataset").asText().substring(7)))
                        .filter(client.matches()).toList();
                assertEquals(expected, drain(filtered.get(i)), name + ": " + client.filter());
                compared += expected.size();
            }
        }
        assertTrue(compared > 50 && withoutPacket > 20, compared + " events compared, " + withoutPacket
                + " flow events (no packet produced them)");
    }

    /** The capture through the worker, flow stage, inspector, NDJSON writers and tap, as service mode runs it. */
    private static void replay(Path file, EventFanout fanout) throws IOException {
        try (PacketSource source = CaptureFiles.open(file)) {
            LineOutput lines = new LineOutput(null, "test-host", index -> "replay0", true, fanout.tap());
            EventSink[] events = {new NdjsonEventSink(lines), fanout.events()};
            AppInspector inspector = new AppInspector(events, AppInspector.TLS | AppInspector.DNS | AppInspector.HTTP);
            FlowStage flows = new FlowStage(FlowConfig.defaults(), new StreamListener[] {inspector},
                    new FlowEvents(events));
            PacketSink[] sinks = {flows, new NdjsonPacketSink(lines), lines,
                new StatsSink(new WorkerStats(DecodeStatus.values().length, 64))};
            new Worker(source, new Dissector(), sinks, null, null).run();
        }
    }

    private List<JsonNode> drain(EventSubscriber subscriber) throws IOException {
        List<JsonNode> events = new ArrayList<>();
        for (EventSubscriber.Event e = subscriber.poll(); e != null; e = subscriber.poll()) {
            events.add(json.readTree(new String(e.line(), StandardCharsets.UTF_8)));
        }
        return events;
    }

    private static boolean port(JsonNode event, int port) {
        return event.path("source").path("port").asInt(-1) == port
                || event.path("destination").path("port").asInt(-1) == port;
    }

    private static boolean transport(JsonNode event, String transport) {
        return event.path("network").path("transport").asText().equals(transport);
    }

    private static String address(JsonNode event) {
        return event.path("source").path("ip").asText();
    }
}
