package io.netzer.export;

import io.netzer.app.ClientHello;
import io.netzer.app.DnsMessage;
import io.netzer.app.Grease;
import io.netzer.app.HttpExchange;
import io.netzer.app.Malformation;
import io.netzer.app.ServerHello;
import io.netzer.app.TlsCipherSuites;
import io.netzer.app.TlsHandshake;
import io.netzer.flow.FlowView;
import io.netzer.flow.StreamListener;
import io.netzer.pipeline.EventContext;

/**
 * The text line of a flow or app-layer event, for {@link TextPacketSink}: the time, a label and the endpoints
 * aligned as packet lines are, then the details:
 *
 * <pre>
 * 15:59:35.123456 TLS   192.0.2.10.51234      > 198.51.100.7.443      sni example.com alpn h2,http/1.1 versions 1.3,1.2 ja4 t13d1516h2_8daaf6152771_e5627efa2ab1 version TLSv13 cipher TLS_AES_128_GCM_SHA256 established ja4s t130200_1301_234ea6891581
 * 15:59:35.125012 TLS   192.0.2.10.51236      > 198.51.100.8.443      sni contacts.example alpn h2,http/1.1 ja4 t13d2014h2_a09f3c656075_14788d8d241b version TLSv12 cipher TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384 next_protocol http/1.1 established ja4s t1206h1_c02c_46cf7c3c6b8f cn contacts.example
 * 15:59:35.130001 DNS   192.0.2.10.40000      > 192.0.2.53.53         query 4660 A example.com
 * 15:59:35.130002 DNS   192.0.2.53.53         > 192.0.2.10.40000      answer 4660 NOERROR A example.com: A 93.184.216.34
 * 15:59:35.200000 HTTP  192.0.2.10.51236      > 198.51.100.7.80       GET example.com /index.html HTTP/1.1 200 OK text/html 1256 bytes ua curl/8.5.0
 * </pre>
 *
 * Text from the wire is shown with control characters escaped as {@code \xNN} (and {@code \} as {@code \\}, by
 * {@link io.netzer.app.EscapedText}), so a hostile name can neither break the line nor drive the terminal.
 */
final class TextEvents {
    private static final int LAST_C0_CONTROL = 0x1f;
    private static final int DELETE = 0x7f;
    private static final int LAST_C1_CONTROL = 0x9f;
    private static final String EVENT_COLOUR = "\u001b[36m";
    private static final long NANOS_PER_MILLI = 1_000_000L;
    private static final long NANOS_PER_MICRO = 1_000L;

    private final boolean colour;
    private final long zoneOffsetSeconds;
    private final int fractionDigits;
    private final char[] text = new char[64];
    private final byte[] address = new byte[EventContext.MAX_ADDRESS_LENGTH];
    /** A flow event's endpoints, the initiator as source: reused. */
    private final EventContext flowEndpoints = new EventContext();

    TextEvents(boolean colour, long zoneOffsetSeconds, int fractionDigits) {
        this.colour = colour;
        this.zoneOffsetSeconds = zoneOffsetSeconds;
        this.fractionDigits = fractionDigits;
    }

    String tls(EventContext c, TlsHandshake handshake) {
        StringBuilder line = start(c, handshake.quic() ? "QUIC" : "TLS");
        tls(line, handshake.client(), handshake.ja4());
        server(line, handshake);
        return line.append('\n').toString();
    }

    String dns(EventContext c, DnsMessage message) {
        StringBuilder line = start(c, "DNS");
        dns(line, message);
        return line.append('\n').toString();
    }

    String http(EventContext c, HttpExchange exchange) {
        StringBuilder line = start(c, "HTTP");
        http(line, exchange);
        return line.append('\n').toString();
    }

    String flow(FlowView flow) {
        EventContext c = flowEndpoints.of(flow, StreamListener.FROM_INITIATOR).at(flow.endNanos(), -1);
        StringBuilder line = start(c, "FLOW");
        FlowText.details(line, flow);
        return line.append('\n').toString();
    }

    /** Time, label and endpoints, aligned as a packet line starts. */
    private StringBuilder start(EventContext c, String label) {
        StringBuilder line = new StringBuilder(256);
        style(line, PacketLineText.DIM);
        line.append(text, 0, Timestamps.timeOfDay(c.timestampNanos(), zoneOffsetSeconds, fractionDigits, text, 0));
        style(line, PacketLineText.RESET);
        line.append(' ');
        style(line, EVENT_COLOUR);
        int labelStart = line.length();
        pad(line.append(label), labelStart + PacketLineText.PROTOCOL_WIDTH);
        style(line, PacketLineText.RESET);
        line.append(' ');
        endpoint(line, c, true);
        line.append(" > ");
        endpoint(line, c, false);
        line.append(' ');
        return line;
    }

    private void endpoint(StringBuilder line, EventContext c, boolean source) {
        int start = line.length();
        int length = AddressFormat.ip(address, 0, c.address(source, address, 0), text, 0);
        line.append(text, 0, length);
        int port = source ? c.sourcePort() : c.destinationPort();
        if (port >= 0) {
            line.append('.').append(port);
        }
        pad(line, start + PacketLineText.ENDPOINT_WIDTH);
    }

    private static void pad(StringBuilder line, int column) {
        while (line.length() < column) {
            line.append(' ');
        }
    }

    private void style(StringBuilder line, String escape) {
        if (colour) {
            line.append(escape);
        }
    }

    private static void tls(StringBuilder line, ClientHello hello, String ja4) {
        String serverName = hello.serverName();
        if (serverName != null) {
            line.append("sni ");
            safe(line, serverName);
            line.append(' ');
        }
        if (hello.alpnCount() > 0) {
            line.append("alpn ");
            for (int i = 0; i < hello.alpnCount(); i++) {
                if (i > 0) {
                    line.append(',');
                }
                safe(line, hello.alpn(i));
            }
            line.append(' ');
        }
        int shown = 0;
        for (int i = 0; i < hello.supportedVersionCount(); i++) {
            int version = hello.supportedVersion(i);
            if (!Grease.isGrease(version)) {
                line.append(shown++ == 0 ? "versions " : ",").append(TlsVersions.name(version));
            }
        }
        if (shown > 0) {
            line.append(' ');
        }
        if (hello.encryptedClientHello()) {
            line.append("ech ");
        }
        line.append("ja4 ").append(ja4);
    }

    /**
     * What the server chose, in the words of Zeek's ssl.log: {@code version TLSv13 cipher TLS_AES_128_GCM_SHA256
     * next_protocol h2 established}, then the JA4S and the certificate's subject common name when seen.
     */
    private static void server(StringBuilder line, TlsHandshake handshake) {
        ServerHello server = handshake.server();
        if (!server.present()) {
            return;
        }
        line.append(" version ").append(zeekVersion(server.version()));
        line.append(" cipher ").append(TlsCipherSuites.name(server.cipherSuite()));
        if (server.alpnLength() >= 0) {
            line.append(" next_protocol ");
            safe(line, server.alpn());
        }
        if (server.helloRetryRequest()) {
            line.append(" hello_retry_request");
        } else if (handshake.established()) {
            line.append(" established");
        }
        line.append(" ja4s ").append(handshake.ja4s());
        if (handshake.certificate() != null && handshake.certificate().subjectCommonName() != null) {
            line.append(" cn ");
            safe(line, handshake.certificate().subjectCommonName());
        }
    }

    /** Zeek's names: SSLv3, TLSv10 to TLSv13; others as four hex digits. */
    private static String zeekVersion(int version) {
        return switch (version) {
            case 0x0300 -> "SSLv3";
            case 0x0301 -> "TLSv10";
            case 0x0302 -> "TLSv11";
            case 0x0303 -> "TLSv12";
            case 0x0304 -> "TLSv13";
            default -> String.format("0x%04x", version);
        };
    }

    private static void dns(StringBuilder line, DnsMessage message) {
        line.append(message.isResponse() ? "answer " : "query ").append(message.id());
        if (message.isResponse()) {
            line.append(' ').append(DnsMessage.responseCodeName(message.responseCode()));
        }
        if (message.hasQuestion()) {
            line.append(' ').append(DnsMessage.typeName(message.questionType())).append(' ');
            safe(line, message.questionName());
        }
        for (int i = 0; i < message.answersStored(); i++) {
            line.append(i == 0 ? ": " : ", ").append(DnsMessage.typeName(message.answerType(i))).append(' ');
            safe(line, message.answerData(i));
        }
        long responseTime = message.responseTimeNanos();
        if (responseTime >= 0) {
            line.append(" time ").append(responseTime / NANOS_PER_MILLI).append('.');
            String micros = Long.toString(responseTime % NANOS_PER_MILLI / NANOS_PER_MICRO);
            line.append("0".repeat(3 - micros.length())).append(micros).append(" ms");
        }
    }

    /**
     * As Zeek's http.log reads: method, host, target, version, status code and reason, media type, body length,
     * user agent; {@code -} for the request or the response not seen.
     */
    private static void http(StringBuilder line, HttpExchange exchange) {
        if (exchange.hasRequest()) {
            safe(line, exchange.method());
            String host = exchange.host();
            if (host != null) {
                line.append(' ');
                safe(line, host);
            }
            line.append(' ');
            safe(line, exchange.target());
        } else {
            line.append('-');
        }
        line.append(" HTTP/").append(exchange.version());
        if (exchange.hasResponse()) {
            line.append(' ').append(exchange.statusCode());
            if (!exchange.reason().isEmpty()) {
                line.append(' ');
                safe(line, exchange.reason());
            }
            if (exchange.mimeType() != null) {
                line.append(' ');
                safe(line, exchange.mimeType());
            }
            if (exchange.responseBodyBytes() >= 0) {
                line.append(' ').append(exchange.responseBodyBytes()).append(" bytes");
            }
        } else {
            line.append(" -");
        }
        String userAgent = exchange.userAgent();
        if (userAgent != null) {
            line.append(" ua ");
            safe(line, userAgent);
        }
        malformed(line, exchange.requestMalformation());
        malformed(line, exchange.responseMalformation());
    }

    private static void malformed(StringBuilder line, Malformation reason) {
        if (reason != Malformation.NONE) {
            line.append(" malformed ").append(reason.label());
        }
    }

    /** Appends text with C0 and C1 control characters and DEL escaped as {@code \xNN}. */
    static void safe(StringBuilder line, String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c <= LAST_C0_CONTROL || (c >= DELETE && c <= LAST_C1_CONTROL)) {
                line.append("\\x").append(Character.forDigit(c >>> 4, 16)).append(Character.forDigit(c & 0xf, 16));
            } else {
                line.append(c);
            }
        }
    }
}
