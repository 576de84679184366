package io.netzer.web;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class AllowedHostsTest {
    private static final AllowedHosts LOOPBACK = new AllowedHosts("127.0.0.1", List.of());

    @Test
    void shouldAllowTheLoopbackNamesWithThePortReached() {
        assertTrue(LOOPBACK.allows("localhost", 7070, 80, "127.0.0.1", 7070));
        assertTrue(LOOPBACK.allows("LocalHost", 7070, 80, "127.0.0.1", 7070));
        assertTrue(LOOPBACK.allows("127.0.0.1", 7070, 80, "127.0.0.1", 7070));
        assertTrue(LOOPBACK.allows("[::1]", 7070, 80, "::1", 7070));
        assertTrue(LOOPBACK.allows("[0:0:0:0:0:0:0:1]", 7070, 80, "::1", 7070));
        assertTrue(LOOPBACK.allows("localhost", -1, 80, "127.0.0.1", 80));
    }

    @Test
    void shouldRefuseOtherNamesAndOtherPorts() {
        assertFalse(LOOPBACK.allows("attacker.example", 7070, 80, "127.0.0.1", 7070));
        assertFalse(LOOPBACK.allows("localhost.attacker.example", 7070, 80, "127.0.0.1", 7070));
        assertFalse(LOOPBACK.allows("localhost", 7071, 80, "127.0.0.1", 7070));
        assertFalse(LOOPBACK.allows("localhost", -1, 80, "127.0.0.1", 7070));
        assertFalse(LOOPBACK.allows("", 7070, 80, "127.0.0.1", 7070));
        assertFalse(LOOPBACK.allows(null, 7070, 80, "127.0.0.1", 7070));
    }

    @Test
    void shouldAllowTheBindAddressAndTheAddressReached() {
        AllowedHosts bound = new AllowedHosts("10.0.0.5", List.of());
        assertTrue(bound.allows("10.0.0.5", 7070, 80, "10.0.0.5", 7070));
        AllowedHosts wildcard = new AllowedHosts("0.0.0.0", List.of());
        assertFalse(wildcard.allows("0.0.0.0", 7070, 80, "10.0.0.5", 7070));
        assertTrue(wildcard.allows("10.0.0.5", 7070, 80, "10.0.0.5", 7070));
        assertFalse(wildcard.allows("10.0.0.6", 7070, 80, "10.0.0.5", 7070));
        assertTrue(new AllowedHosts("::1", List.of()).allows("[::1]", 7070, 80, "::1", 7070));
    }

    @Test
    void shouldAllowConfiguredNamesWithTheirPorts() {
        AllowedHosts hosts = new AllowedHosts("127.0.0.1", List.of("netzer.example.org", " localhost:8080 ",
                "[::1]:9090"));
        assertTrue(hosts.allows("netzer.example.org", 7070, 80, "127.0.0.1", 7070));
        assertFalse(hosts.allows("netzer.example.org", 8081, 80, "127.0.0.1", 7070));
        assertTrue(hosts.allows("localhost", 8080, 80, "127.0.0.1", 7070));
        assertTrue(hosts.allows("[::1]", 9090, 80, "127.0.0.1", 7070));
        assertFalse(hosts.allows("127.0.0.1", 8080, 80, "127.0.0.1", 7070));
        assertThrows(IllegalArgumentException.class, () -> new AllowedHosts(null, List.of("name:http")));
        assertThrows(IllegalArgumentException.class, () -> new AllowedHosts(null, List.of("name:70000")));
    }

    @Test
    void shouldCheckOriginsByTheSameRules() {
        assertTrue(LOOPBACK.allowsOrigin("http://127.0.0.1:7070", "127.0.0.1", 7070));
        assertTrue(LOOPBACK.allowsOrigin("http://localhost:7070", "127.0.0.1", 7070));
        assertTrue(LOOPBACK.allowsOrigin("http://[::1]:7070", "::1", 7070));
        assertFalse(LOOPBACK.allowsOrigin("http://evil.example", "127.0.0.1", 7070));
        assertFalse(LOOPBACK.allowsOrigin("http://evil.example:7070", "127.0.0.1", 7070));
        assertFalse(LOOPBACK.allowsOrigin("http://localhost:7071", "127.0.0.1", 7070));
        assertFalse(LOOPBACK.allowsOrigin("null", "127.0.0.1", 7070));
        assertFalse(LOOPBACK.allowsOrigin("file://", "127.0.0.1", 7070));
        assertFalse(LOOPBACK.allowsOrigin("chrome-extension://abc", "127.0.0.1", 7070));
        assertFalse(LOOPBACK.allowsOrigin("http://user@localhost:7070", "127.0.0.1", 7070));
        assertFalse(LOOPBACK.allowsOrigin("http://localhost:7070/path", "127.0.0.1", 7070));
        assertFalse(LOOPBACK.allowsOrigin("http://local host:7070", "127.0.0.1", 7070));
        assertTrue(new AllowedHosts("127.0.0.1", List.of("netzer.example.org:443"))
                .allowsOrigin("https://netzer.example.org", "127.0.0.1", 7070));
    }
}
