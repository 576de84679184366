package io.netzer.testing;

import java.io.BufferedOutputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * An HTTP/1.1 request written by hand, for what java.net.http refuses to send: a forged {@code Host}, an
 * {@code Origin}, a WebSocket upgrade. Reads the status line and the headers of the answer.
 */
public final class RawHttp {
    private RawHttp() {
    }

    /** The answer's status code and headers (names in lower case). */
    public record Answer(int status, Map<String, String> headers) {
        /** A header's value, or null. */
        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    /** {@code GET path} to 127.0.0.1:port with {@code Host: host} and the extra header lines ("Name: value"). */
    public static Answer get(int port, String path, String host, String... headers) throws IOException {
        return get(new InetSocketAddress("127.0.0.1", port), 5000, path, host, headers);
    }

    /**
     * {@code GET path} on a new connection to {@code address}, as the kubelet probes; connecting and each read
     * wait at most {@code timeoutMillis}.
     */
    public static Answer get(InetSocketAddress address, int timeoutMillis, String path, String host,
            String... headers) throws IOException {
        StringBuilder request = new StringBuilder("GET ").append(path).append(" HTTP/1.1\r\nHost: ").append(host)
                .append("\r\n");
        boolean connection = false;
        for (String header : headers) {
            request.append(header).append("\r\n");
            connection |= header.regionMatches(true, 0, "Connection:", 0, 11);
        }
        if (!connection) {
            request.append("Connection: close\r\n");
        }
        try (Socket socket = new Socket()) {
            socket.connect(address, timeoutMillis);
            socket.setSoTimeout(timeoutMillis);
            socket.getOutputStream().write(request.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII));
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                    StandardCharsets.ISO_8859_1));
            String status = in.readLine();
            if (status == null) {
                throw new IOException("no answer to GET " + path);
            }
            Map<String, String> answer = new LinkedHashMap<>();
            for (String line; (line = in.readLine()) != null && !line.isEmpty(); ) {
                int colon = line.indexOf(':');
                answer.put(line.substring(0, colon).strip().toLowerCase(Locale.ROOT),
                        line.substring(colon + 1).strip());
            }
            return new Answer(Integer.parseInt(status.split(" ")[1]), answer);
        }
    }

    /**
     * Sends {@code count} GET requests for {@code path.apply(i)} pipelined on one keep-alive connection (as fast as
     * the server reads them) and returns how many answers had {@code status}.
     */
    public static int pipelined(int port, String host, int count, IntFunction<String> path, int status)
            throws Exception {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(30_000);
            Thread writer = Thread.ofVirtual().start(() -> {
                try {
                    OutputStream out = new BufferedOutputStream(socket.getOutputStream(), 1 << 16);
                    for (int i = 0; i < count; i++) {
                        out.write(("GET " + path.apply(i) + " HTTP/1.1\r\nHost: " + host + "\r\n"
                                + (i == count - 1 ? "Connection: close\r\n" : "") + "\r\n")
                                .getBytes(StandardCharsets.US_ASCII));
                    }
                    out.flush();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                    StandardCharsets.ISO_8859_1), 1 << 16);
            String expected = "HTTP/1.1 " + status + " ";
            int matching = 0;
            for (String line; (line = in.readLine()) != null; ) {
                if (line.startsWith(expected)) {
                    matching++;
                }
            }
            writer.join();
            return matching;
        }
    }

    /** The header lines of a WebSocket upgrade (RFC 6455, section 4.1). */
    public static String[] upgrade(String... more) {
        String[] headers = new String[4 + more.length];
        headers[0] = "Upgrade: websocket";
        headers[1] = "Connection: Upgrade";
        headers[2] = "Sec-WebSocket-Version: 13";
        headers[3] = "Sec-WebSocket-Key: x3JJHMbDL1EzLkh9GBhXDw==";
        System.arraycopy(more, 0, headers, 4, more.length);
        return headers;
    }
}
