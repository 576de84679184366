package io.netzer.export;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** {@code network.transport} as ECS asks: IANA's keyword, lowercased; the number where IANA has no keyword. */
class IanaProtocolsTest {
    @Test
    void shouldNameProtocolsByTheirIanaKeyword() {
        assertEquals("hopopt", IanaProtocols.keyword(0));
        assertEquals("tcp", IanaProtocols.keyword(6));
        assertEquals("udp", IanaProtocols.keyword(17));
        assertEquals("ipv6", IanaProtocols.keyword(41));
        assertEquals("gre", IanaProtocols.keyword(47));
        assertEquals("ipv6-icmp", IanaProtocols.keyword(58));
        assertEquals("ospfigp", IanaProtocols.keyword(89));
        assertEquals("sctp", IanaProtocols.keyword(132));
        assertEquals("nsh", IanaProtocols.keyword(145));
    }

    @Test
    void shouldKeepTheNumberWhereIanaHasNoKeyword() {
        assertEquals("61", IanaProtocols.keyword(61));
        assertEquals("114", IanaProtocols.keyword(114));
        assertEquals("200", IanaProtocols.keyword(200));
        assertEquals("253", IanaProtocols.keyword(253));
        assertEquals("255", IanaProtocols.keyword(255));
    }

    @Test
    void shouldWriteTheKeywordAsTheQuotedTransport() {
        assertEquals("\"ipv6\"", new String(PacketFields.transportJson(41), StandardCharsets.UTF_8));
    }
}
