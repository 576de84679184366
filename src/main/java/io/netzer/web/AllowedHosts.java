package io.netzer.web;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The names a browser may use to reach the dashboard, checked against a request's {@code Host} and {@code Origin}.
 * A DNS-rebinding page reaches 127.0.0.1 under its own name ({@code Host: attacker.example:7070}); a page of another
 * origin that opens the WebSocket or calls the API sends its own {@code Origin}: neither name is in this set. A
 * name alone is allowed with the port the connection reached (so {@code localhost:7071} is refused when NetZer
 * listens on 7070); {@code name:port} allows that port only (for {@code kubectl port-forward 8080:7070}, say).
 * Names compare without case; IPv6 literals in brackets, in their canonical form.
 */
final class AllowedHosts {
    private static final List<String> LOOPBACK = List.of("localhost", "127.0.0.1", "[::1]");

    private final Set<String> anyPort = new HashSet<>();
    private final Set<String> exact = new HashSet<>();

    /**
     * @param bind the address the dashboard is bound to ({@code --bind}); a wildcard adds nothing
     * @param extra {@code netzer.serve.allowed-hosts}: {@code name} or {@code name:port} each
     */
    AllowedHosts(String bind, List<String> extra) {
        LOOPBACK.forEach(name -> anyPort.add(canonical(name)));
        if (bind != null && !isWildcard(bind)) {
            anyPort.add(canonical(bind.contains(":") && !bind.startsWith("[") ? "[" + bind + "]" : bind));
        }
        for (String entry : extra) {
            String trimmed = entry.strip();
            if (trimmed.isEmpty()) {
                continue;
            }
            int colon = trimmed.lastIndexOf(':');
            boolean withPort = colon > 0 && trimmed.indexOf(']') < colon && (trimmed.startsWith("[")
                    || trimmed.indexOf(':') == colon);
            if (withPort) {
                int port = parsePort(trimmed.substring(colon + 1));
                if (port < 0) {
                    throw new IllegalArgumentException("netzer.serve.allowed-hosts: '" + entry
                            + "' has no valid port (expected name or name:port)");
                }
                exact.add(canonical(trimmed.substring(0, colon)) + ":" + port);
            } else {
                anyPort.add(canonical(trimmed));
            }
        }
    }

    /**
     * Whether a request whose {@code Host} (or {@code Origin}) names {@code host} and {@code port} (-1: none, the
     * scheme's default port) may be served on a connection that reached {@code localAddress:localPort}. The
     * connection's own address is allowed too: an IP literal cannot be rebound by DNS.
     */
    boolean allows(String host, int port, int defaultPort, String localAddress, int localPort) {
        if (host == null || host.isEmpty()) {
            return false;
        }
        String name = canonical(host);
        int effective = port < 0 ? defaultPort : port;
        if (exact.contains(name + ":" + effective)) {
            return true;
        }
        if (effective != localPort) {
            return false;
        }
        return anyPort.contains(name) || (localAddress != null && name.equals(canonical(
                localAddress.contains(":") ? "[" + localAddress + "]" : localAddress)));
    }

    /**
     * Whether {@code origin} (the {@code Origin} header: {@code scheme://host[:port]}) is an allowed origin for
     * a connection that reached {@code localAddress:localPort}. {@code null} (as sent by sandboxed frames and files)
     * and anything but http or https are refused.
     */
    boolean allowsOrigin(String origin, String localAddress, int localPort) {
        URI uri;
        try {
            uri = new URI(origin.strip());
        } catch (URISyntaxException e) {
            return false;
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || uri.getRawUserInfo() != null
                || uri.getHost() == null || !(uri.getRawPath() == null || uri.getRawPath().isEmpty())) {
            return false;
        }
        return allows(uri.getHost(), uri.getPort(), scheme.equals("https") ? 443 : 80, localAddress, localPort);
    }

    private static boolean isWildcard(String bind) {
        return bind.equals("0.0.0.0") || bind.equals("::") || bind.equals("[::]") || bind.equals("0:0:0:0:0:0:0:0");
    }

    private static int parsePort(String text) {
        if (text.isEmpty() || text.length() > 5 || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return -1;
        }
        int port = Integer.parseInt(text);
        return port >= 1 && port <= 65535 ? port : -1;
    }

    /** Lower case; a bracketed IPv6 literal in its canonical form, so {@code [0:0::1]} equals {@code [::1]}. */
    private static String canonical(String host) {
        String lower = host.toLowerCase(Locale.ROOT);
        if (lower.startsWith("[") && lower.endsWith("]")) {
            try {
                return "[" + InetAddress.ofLiteral(lower.substring(1, lower.length() - 1)).getHostAddress() + "]";
            } catch (IllegalArgumentException e) {
                return lower;
            }
        }
        return lower;
    }
}
