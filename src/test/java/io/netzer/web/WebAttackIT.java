package io.netzer.web;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.netzer.testing.RawHttp;
import io.netzer.testing.ServedNetzer;
import io.netzer.testing.TestNetwork;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged application in service mode, attacked as a web page would: a page of another origin opening the
 * WebSocket or reading the API, a DNS-rebinding page (a foreign {@code Host}), and a redirect to another site
 * through the token's login.
 */
class WebAttackIT {
    @TempDir
    Path dir;

    @Test
    void shouldRefuseAForeignOriginOrHostWithoutAToken() throws Exception {
        try (TestNetwork network = TestNetwork.create();
                ServedNetzer netzer = ServedNetzer.start(network, dir, Map.of())) {
            int port = netzer.port();
            String self = "127.0.0.1:" + port;
            String evil = "Origin: http://evil.example";
            assertEquals(403, RawHttp.get(port, "/api/v1/live", self, RawHttp.upgrade(evil)).status());
            assertEquals(403, RawHttp.get(port, "/api/v1/stats", self, evil).status());
            assertEquals(403, RawHttp.get(port, "/api/v1/events", self, evil).status());
            assertEquals(421, RawHttp.get(port, "/api/v1/live", "attacker.example:" + port, RawHttp.upgrade())
                    .status());
            assertEquals(421, RawHttp.get(port, "/api/v1/stats", "attacker.example:" + port).status());
            assertEquals(421, RawHttp.get(port, "/", "attacker.example:" + port).status());

            String origin = "Origin: http://" + self;
            assertEquals(101, RawHttp.get(port, "/api/v1/live", self, RawHttp.upgrade(origin)).status());
            assertEquals(200, RawHttp.get(port, "/api/v1/stats", self, origin).status());
            assertEquals(200, RawHttp.get(port, "/api/v1/stats", "localhost:" + port,
                    "Origin: http://localhost:" + port).status());
            assertEquals(200, RawHttp.get(port, "/", self).status());
        }
    }

    @Test
    void shouldRedirectTheTokensLoginOnlyToTheDashboard() throws Exception {
        Path token = dir.resolve("token");
        Files.writeString(token, "T0k3n\n");
        try (TestNetwork network = TestNetwork.create();
                ServedNetzer netzer = ServedNetzer.start(network, dir, Map.of(), "--auth-token-file",
                        token.toString())) {
            int port = netzer.port();
            String self = "127.0.0.1:" + port;
            for (String path : List.of("//evil.example/?token=T0k3n", "//evil.example/%2e%2e?token=T0k3n",
                    "/%2F%2Fevil.example/?token=T0k3n", "/index.html?token=T0k3n", "/?token=T0k3n")) {
                RawHttp.Answer answer = RawHttp.get(port, path, self);
                assertEquals(303, answer.status(), path);
                assertEquals("/", answer.header("Location"), path);
            }
            // a path Vert.x refuses to parse gets no redirect at all
            assertEquals(400, RawHttp.get(port, "/\\evil.example/?token=T0k3n", self).status());
            // with the token, the origin rules still hold
            String bearer = "Authorization: Bearer T0k3n";
            assertEquals(200, RawHttp.get(port, "/api/v1/stats", self, bearer).status());
            assertEquals(403, RawHttp.get(port, "/api/v1/live", self, RawHttp.upgrade(bearer,
                    "Origin: http://evil.example")).status());
            assertEquals(421, RawHttp.get(port, "/api/v1/stats", "attacker.example:" + port, bearer).status());
        }
    }
}
