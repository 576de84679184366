package io.netzer.web;

import io.micrometer.core.instrument.Timer;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.timeout.IdleStateHandler;
import io.netzer.service.EventFanout;
import io.netzer.service.EventSubscriber;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.impl.ConnectionBase;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

/**
 * One streaming client ({@code GET /api/v1/events}, {@code GET /api/v1/pcap}): every {@link #DRAIN_MILLIS} the
 * event loop moves what its queue holds into the response, as long as the connection's write queue has room. A
 * client that does not read fills the write queue, then its own bounded queue, then its events are dropped and
 * counted (the workers never wait); once its queue has stayed full for the stall timeout it is disconnected, with
 * a last line saying why when the format has lines. A stream with limits ends once it has sent as many events as
 * asked, or when its time is up.
 */
final class EventStream {
    static final long DRAIN_MILLIS = 100;
    private static final int MAX_CHUNK = 256 * 1024;
    private static final long CLOSE_GRACE_MILLIS = 30_000;

    /**
     * What the client gets.
     *
     * @param sink        the metrics' {@code sink} label
     * @param contentType the response's type
     * @param preamble    bytes sent before the first event (a pcap file header), or null
     * @param notice      whether a client cut off gets a last NDJSON line saying why (a pcap has no room for one:
     *                    the connection is closed before the end of the chunked body, which readers report)
     */
    record Format(String sink, String contentType, byte[] preamble, boolean notice) {
        static final Format NDJSON = new Format("http", "application/x-ndjson", null, true);

        /** A pcap stream that starts with {@code fileHeader}. */
        static Format pcap(byte[] fileHeader) {
            return new Format(EventFanout.PCAP, "application/vnd.tcpdump.pcap", fileHeader, false);
        }
    }

    /**
     * How much a client asked for.
     *
     * @param events  events to send before the stream ends ({@link Long#MAX_VALUE}: no limit)
     * @param seconds seconds before the stream ends (0: no limit)
     */
    record Limits(long events, long seconds) {
        static final Limits NONE = new Limits(Long.MAX_VALUE, 0);
    }

    private final RoutingContext ctx;
    private final EventFanout fanout;
    private final EventSubscriber subscriber;
    private final CaptureMetrics metrics;
    private final long stallNanos;
    private final Format format;
    private long remaining;
    private final long seconds;
    private long timer = -1;
    private long deadline = -1;
    private long fullSince = -1;

    EventStream(RoutingContext ctx, EventFanout fanout, EventSubscriber subscriber, CaptureMetrics metrics,
            Duration stallTimeout, Format format, Limits limits) {
        this.ctx = ctx;
        this.fanout = fanout;
        this.subscriber = subscriber;
        this.metrics = metrics;
        this.stallNanos = stallTimeout.toNanos();
        this.format = format;
        this.remaining = limits.events();
        this.seconds = limits.seconds();
    }

    void start() {
        HttpServerResponse response = ctx.response();
        response.setChunked(true).putHeader(HttpHeaders.CONTENT_TYPE, format.contentType())
                .putHeader(HttpHeaders.CACHE_CONTROL, "no-store").putHeader("X-Accel-Buffering", "no");
        response.closeHandler(v -> stop());
        response.exceptionHandler(e -> stop());
        if (format.preamble() != null) {
            response.write(Buffer.buffer(format.preamble()));
        } else {
            response.writeHead();
        }
        exemptFromIdleTimeout();
        timer = ctx.vertx().setPeriodic(DRAIN_MILLIS, id -> drain());
        if (seconds > 0) {
            deadline = ctx.vertx().setTimer(TimeUnit.SECONDS.toMillis(seconds), id -> {
                deadline = -1;
                drain();
                finish(response);
            });
        }
    }

    /**
     * A stream may rightly stay silent (a filter that matches nothing for minutes), and the port's idle timeout
     * ({@code quarkus.http.idle-timeout}) is for connections that neither ask nor are answered: this connection is
     * answering, and has its own stall timeout. Vert.x sets the idle timeout per server, so the connection's idle
     * handler is removed from its Netty pipeline (through Vert.x's connection implementation, the only way to it).
     */
    private void exemptFromIdleTimeout() {
        if (ctx.request().connection() instanceof ConnectionBase connection) {
            ChannelPipeline pipeline = connection.channel().pipeline();
            if (pipeline.get(IdleStateHandler.class) != null) {
                pipeline.remove(IdleStateHandler.class);
            }
        }
    }

    private void drain() {
        HttpServerResponse response = ctx.response();
        if (response.closed() || response.ended()) {
            stop();
            return;
        }
        Timer delay = metrics.eventDelay();
        long nowNanos = Instant.now().toEpochMilli() * 1_000_000L;
        while (remaining > 0 && !response.writeQueueFull()) {
            Buffer chunk = Buffer.buffer();
            for (EventSubscriber.Event e; remaining > 0 && chunk.length() < MAX_CHUNK
                    && (e = subscriber.poll()) != null; remaining--) {
                chunk.appendBytes(e.line());
                if (e.packetNanos() > 0 && nowNanos > e.packetNanos()) {
                    delay.record(nowNanos - e.packetNanos(), TimeUnit.NANOSECONDS);
                }
            }
            if (chunk.length() == 0) {
                break;
            }
            response.write(chunk);
        }
        if (remaining == 0) {
            finish(response);
        } else if (!subscriber.full()) {
            fullSince = -1;
        } else if (fullSince < 0) {
            fullSince = System.nanoTime();
        } else if (System.nanoTime() - fullSince >= stallNanos) {
            disconnect(response);
        }
    }

    /** The client has what it asked for: the response ends (the body's last chunk tells the client). */
    private void finish(HttpServerResponse response) {
        stop();
        if (!response.ended() && !response.closed()) {
            response.end();
        }
    }

    private void disconnect(HttpServerResponse response) {
        metrics.disconnected(format.sink(), "too_slow");
        stop();
        if (!format.notice()) {
            ctx.request().connection().close();
            return;
        }
        String reason = "disconnected: the client fell behind (its queue stayed full for "
                + Duration.ofNanos(stallNanos).toSeconds() + " s; " + subscriber.dropped() + " events dropped)";
        JsonObject notice = new JsonObject().put("@timestamp", Instant.now().toString())
                .put("event", new JsonObject().put("dataset", "netzer.notice").put("reason", "too_slow"))
                .put("message", reason);
        // the notice goes after what is queued; the connection is closed once it is written (or after a grace)
        long grace = ctx.vertx().setTimer(CLOSE_GRACE_MILLIS, id -> ctx.request().connection().close());
        response.end(notice.encode() + "\n").onComplete(done -> {
            ctx.vertx().cancelTimer(grace);
            ctx.request().connection().close();
        });
    }

    private void stop() {
        if (timer >= 0) {
            ctx.vertx().cancelTimer(timer);
            timer = -1;
        }
        if (deadline >= 0) {
            ctx.vertx().cancelTimer(deadline);
            deadline = -1;
        }
        fanout.unsubscribe(subscriber);
    }
}
