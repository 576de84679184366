package io.netzer.service;

import io.netzer.app.DnsMessage;
import io.netzer.app.HttpExchange;
import io.netzer.app.ServerHello;
import io.netzer.app.TlsHandshake;
import io.netzer.dissect.Packet;
import io.netzer.export.LineTap;
import io.netzer.filter.CompileOptions;
import io.netzer.flow.FlowView;
import io.netzer.pipeline.Dataset;
import io.netzer.pipeline.EventContext;
import io.netzer.pipeline.EventSink;
import io.netzer.pipeline.PacketFilter;
import io.netzer.pipeline.PacketSink;
import io.netzer.stats.AppOutcomes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The event streams of service mode: every NDJSON event line the workers' sinks complete is offered, encoded once,
 * to each {@link EventSubscriber} that asked for its dataset and whose filter accepts the packet that produced it;
 * the line's writer names both. Each worker has its own {@link #tap() tap}, which runs the subscribers' filters
 * with interpreters of its own (a BPF interpreter is not shared between threads). With no subscriber, a tap costs
 * one volatile read per event. Each worker also has a typed {@link #events() event sink}, which counts the events
 * produced and hands the dashboard's {@link EventNames} their names, whether or not anyone streams.
 *
 * <p>A filter applies to the packet that produced the event. An event no packet produced (a flow that ended by
 * timeout or at the end of the capture, an app event resolved at its flow's end) is judged by its flow, as
 * Wireshark's conversation filters judge a conversation: the filter runs on a {@link HeaderOnlyPacket} built from
 * the event's addresses, ports and protocol with the capture's link type, into one buffer per worker, so a filter on
 * addresses, ports or protocols selects exactly the events of its flows. A filter on what such a packet lacks
 * (payload, flags, VLAN tags, tunnels, MAC addresses) is tested against the headers alone. An event with no
 * endpoints (a stats event) goes only to subscribers without a filter.
 */
public final class EventFanout {
    /** The kind of the subscribers to packets, and their {@code sink} label in the metrics. */
    public static final String PCAP = "pcap";
    /** The kind of the dashboard's own reader of names and flows: what it drops loses no client an event. */
    public static final String DASHBOARD = "names";
    private static final EventSubscriber[] NONE = new EventSubscriber[0];
    private static final int TLS_1_3 = 0x0304;

    private final int linkType;
    private final CompileOptions compileOptions;
    private final Map<String, AtomicLong> droppedByKind = new ConcurrentHashMap<>();
    private volatile EventSubscriber[] subscribers = NONE;
    private volatile EventSubscriber[] pcapSubscribers = NONE;
    // events other than packets produced, by dataset: rare next to packets, so an atomic add is cheap
    private final AtomicLongArray produced = new AtomicLongArray(Dataset.values().length);
    private final EventNames names = new EventNames(droppedCounter(DASHBOARD));
    private final EventFlows flows = new EventFlows(droppedCounter(DASHBOARD));
    private final AppOutcomes outcomes = new AppOutcomes();
    private volatile boolean packetsWanted;

    /**
     * A fan-out for a capture whose packets have link type {@code linkType}.
     *
     * @param compileOptions how the subscribers' filters are compiled (as the capture's own filter)
     */
    public EventFanout(int linkType, CompileOptions compileOptions) {
        this.linkType = linkType;
        this.compileOptions = compileOptions;
    }

    /**
     * Adds a subscriber.
     *
     * @param kind     the kind of consumer, for the dropped-events metric ({@code http}, {@code websocket})
     * @param types    the datasets wanted ({@code packet}, {@code flow}, ...); empty for all
     * @param filter   a filter expression in tcpdump's language, or null
     * @param capacity events queued at most before they are dropped
     * @throws IllegalArgumentException an unknown type, or a filter that does not compile (a
     *                                  {@link io.netzer.filter.FilterSyntaxException} says where)
     */
    public EventSubscriber subscribe(String kind, Collection<String> types, String filter, int capacity) {
        int mask = 0;
        for (String type : types) {
            mask |= Dataset.ofType(type).bit();
        }
        if (mask == 0) {
            mask = -1;
        }
        EventSubscriber subscriber = new EventSubscriber(kind, mask, compiled(filter), capacity,
                droppedCounter(kind));
        synchronized (this) {
            publish(append(subscribers, subscriber));
        }
        return subscriber;
    }

    /**
     * Adds a subscriber to the captured packets themselves (kind {@code pcap}): each packet its filter accepts is
     * queued as a pcap record ({@link PcapRecords}) by the workers' {@link #pcapTap() pcap taps}, with the same
     * bounded queue and drop counting as the event streams.
     *
     * @throws IllegalArgumentException a filter that does not compile (a
     *                                  {@link io.netzer.filter.FilterSyntaxException} says where)
     */
    public EventSubscriber subscribePcap(String filter, int capacity) {
        EventSubscriber subscriber = new EventSubscriber(PCAP, 0, compiled(filter), capacity, droppedCounter(PCAP));
        synchronized (this) {
            pcapSubscribers = append(pcapSubscribers, subscriber);
        }
        return subscriber;
    }

    /** The filter stripped, or null for none; compiled once here so that a bad one is refused at once. */
    private String compiled(String filter) {
        String expression = filter == null || filter.isBlank() ? null : filter.strip();
        if (expression != null) {
            PacketFilter.compile(expression, linkType, compileOptions);
        }
        return expression;
    }

    private static EventSubscriber[] append(EventSubscriber[] list, EventSubscriber subscriber) {
        EventSubscriber[] next = Arrays.copyOf(list, list.length + 1);
        next[next.length - 1] = subscriber;
        return next;
    }

    /** Removes a subscriber; its queue is no longer filled. */
    public synchronized void unsubscribe(EventSubscriber subscriber) {
        publish(Arrays.stream(subscribers).filter(s -> s != subscriber).toArray(EventSubscriber[]::new));
        pcapSubscribers = Arrays.stream(pcapSubscribers).filter(s -> s != subscriber)
                .toArray(EventSubscriber[]::new);
    }

    private void publish(EventSubscriber[] next) {
        packetsWanted = Arrays.stream(next).anyMatch(s -> s.wants(Dataset.PACKET));
        subscribers = next;
    }

    /** The link type of the capture's packets (what a pcap stream declares). */
    public int linkType() {
        return linkType;
    }

    /** The subscribers now, to events and to packets. */
    public List<EventSubscriber> subscribers() {
        List<EventSubscriber> all = new ArrayList<>(List.of(subscribers));
        all.addAll(List.of(pcapSubscribers));
        return all;
    }

    /** The subscribers to packets now (read by the pcap taps on every packet: one volatile read). */
    EventSubscriber[] pcapSubscribers() {
        return pcapSubscribers;
    }

    /** A pcap tap for one worker, a stage among its sinks; used by that worker's thread only. */
    public PacketSink pcapTap() {
        return new PcapTap(this, new SubscriberFilters(linkType, compileOptions));
    }

    /** Events dropped for full queues, by kind of consumer, since the start (kinds seen so far). */
    public Map<String, Long> droppedByKind() {
        Map<String, Long> out = new java.util.TreeMap<>();
        droppedByKind.forEach((kind, count) -> out.put(kind, count.get()));
        return out;
    }

    /** The counter of events dropped for consumers of {@code kind}, created at zero if new (for metrics). */
    public AtomicLong droppedCounter(String kind) {
        return droppedByKind.computeIfAbsent(kind, k -> new AtomicLong());
    }

    /** Events of {@code dataset} (other than packets) the workers produced. */
    public long produced(Dataset dataset) {
        return produced.get(dataset.ordinal());
    }

    /** The dashboard's names reader, fed by the workers' {@link #events() event sinks}. */
    public EventNames names() {
        return names;
    }

    /** The dashboard's top flows reader, fed by the workers' {@link #events() event sinks}' flow events. */
    public EventFlows flows() {
        return flows;
    }

    /** The dashboard's DNS, HTTP and TLS outcome counters, counted by the workers' {@link #events() event sinks}. */
    public AppOutcomes outcomes() {
        return outcomes;
    }

    /** A tap for one worker's NDJSON lines; used by that worker's thread only. */
    public LineTap tap() {
        return new WorkerTap();
    }

    /**
     * A typed event sink for one worker: counts each event produced, once, and feeds the dashboard's names, flows
     * and outcome counters.
     */
    public EventSink events() {
        return new WorkerEvents();
    }

    /**
     * What a worker's events add to the counts and the dashboard's panels: atomic adds, and the queues of names and
     * flows (which allocate their items, as events may).
     */
    private final class WorkerEvents implements EventSink {
        @Override
        public void tls(EventContext context, Packet packet, TlsHandshake handshake) {
            produced.incrementAndGet(Dataset.TLS.ordinal());
            names.serverName(handshake.client().serverName());
            outcomes.tlsVersion(negotiatedVersion(handshake));
        }

        @Override
        public void dns(EventContext context, Packet packet, DnsMessage message) {
            produced.incrementAndGet(Dataset.DNS.ordinal());
            if (message.isResponse()) {
                outcomes.dnsResponse(message.responseCode());
            } else if (message.hasQuestion()) {
                names.queryName(message.questionName());
            }
        }

        @Override
        public void http(EventContext context, Packet packet, HttpExchange exchange) {
            produced.incrementAndGet(Dataset.HTTP.ordinal());
            outcomes.httpExchange(exchange.hasResponse() ? exchange.statusCode() : 0);
        }

        @Override
        public void flow(FlowView flow) {
            produced.incrementAndGet(Dataset.FLOW.ordinal());
            flows.flow(flow);
        }
    }

    /**
     * The version the server chose, or 0 when none did (no ServerHello, or a HelloRetryRequest). A QUIC v1 handshake
     * whose ServerHello was not seen is TLS 1.3 all the same: QUIC v1 carries nothing older (RFC 9001 section 4.2).
     */
    static int negotiatedVersion(TlsHandshake handshake) {
        ServerHello server = handshake.server();
        if (server.present() && !server.helloRetryRequest()) {
            return server.version();
        }
        return handshake.quic() ? TLS_1_3 : 0;
    }

    /** One worker's view: its own compiled filters, rebuilt when the subscribers change (a cold path). */
    private final class WorkerTap implements LineTap {
        private final SubscriberFilters filters = new SubscriberFilters(linkType, compileOptions);
        private final HeaderOnlyPacket headerOnly = new HeaderOnlyPacket(linkType);

        @Override
        public boolean active() {
            return subscribers.length > 0;
        }

        @Override
        public boolean wantsPackets() {
            return packetsWanted;
        }

        @Override
        public void line(Dataset dataset, byte[] bytes, int offset, int length, Packet packet,
                EventContext endpoints) {
            EventSubscriber[] current = subscribers;
            if (current.length == 0) {
                return;
            }
            filters.update(current);
            EventSubscriber.Event event = null;
            // An event no packet produced is judged by its flow's header-only packet, built once, when a filter asks.
            Packet judged = packet;
            boolean built = packet != null || endpoints == null;
            for (int i = 0; i < current.length; i++) {
                EventSubscriber subscriber = current[i];
                if (!subscriber.wants(dataset)) {
                    continue;
                }
                if (!built && subscriber.filter() != null) {
                    judged = headerOnly.of(endpoints);
                    built = true;
                }
                if (!filters.passes(i, subscriber, judged)) {
                    continue;
                }
                if (subscriber.full()) {
                    subscriber.drop(); // counted without copying the line: a stalled client costs no garbage
                    continue;
                }
                if (event == null) {
                    event = new EventSubscriber.Event(Arrays.copyOfRange(bytes, offset, offset + length), dataset,
                            packet == null ? 0 : packet.timestampNanos());
                }
                subscriber.offer(event);
            }
        }
    }
}
