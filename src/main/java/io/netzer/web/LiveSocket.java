package io.netzer.web;

import io.quarkus.websockets.next.OnClose;
import io.quarkus.websockets.next.OnOpen;
import io.quarkus.websockets.next.OnTextMessage;
import io.quarkus.websockets.next.WebSocket;
import io.quarkus.websockets.next.WebSocketConnection;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import jakarta.inject.Inject;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code /api/v1/live}: one snapshot a second plus the newest events, as
 * {@code {"type":"snapshot","stats":{...},"events":[...]}}. The events wanted are chosen by the query
 * ({@code ?types=packet,dns&filter=udp}) and changed by sending {@code {"types":[...],"filter":"..."}}; the reply
 * is {@code {"type":"subscribed",...}} or {@code {"type":"error","message":...}} (a filter with a syntax error).
 */
@WebSocket(path = "/api/v1/live")
public class LiveSocket {
    @Inject
    LivePusher pusher;

    @OnOpen
    public String open(WebSocketConnection connection) {
        List<String> types = new ArrayList<>();
        String filter = null;
        String query = connection.handshakeRequest().query();
        if (query != null) {
            for (String pair : query.split("&")) {
                int eq = pair.indexOf('=');
                String name = eq < 0 ? pair : pair.substring(0, eq);
                String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                if (name.equals("types")) {
                    types.addAll(List.of(value.split(",")));
                } else if (name.equals("filter")) {
                    filter = value;
                }
            }
        }
        types.removeIf(String::isBlank);
        return pusher.subscribe(connection, types, filter).encode();
    }

    @OnTextMessage
    public String message(WebSocketConnection connection, String text) {
        JsonObject request;
        try {
            request = new JsonObject(text);
        } catch (DecodeException e) {
            return new JsonObject().put("type", "error").put("message", "expected JSON: " + e.getMessage()).encode();
        }
        List<String> types = new ArrayList<>();
        JsonArray array = request.getJsonArray("types", new JsonArray());
        for (Object type : array) {
            types.add(String.valueOf(type));
        }
        return pusher.subscribe(connection, types, request.getString("filter")).encode();
    }

    @OnClose
    public void close(WebSocketConnection connection) {
        pusher.remove(connection);
    }
}
