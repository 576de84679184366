package io.netzer.export;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import org.junit.jupiter.api.Test;

/** The strftime(3) conversions of {@code -w} patterns, as date(1) would write them. */
class StrftimeTest {
    private static final ZonedDateTime TIME = ZonedDateTime.of(2026, 3, 7, 4, 5, 6, 789, ZoneOffset.UTC);

    @Test
    void shouldWriteEachConversion() {
        assertEquals("2026-03-07_04:05:06.pcap", Strftime.format("%Y-%m-%d_%H:%M:%S.pcap", TIME));
        assertEquals("26 066", Strftime.format("%y %j", TIME)); // two-digit year, day of the year
        assertEquals("2026-03-07 04:05:06", Strftime.format("%F %T", TIME));
        assertEquals(Long.toString(TIME.toEpochSecond()), Strftime.format("%s", TIME));
    }

    @Test
    void shouldKeepWhatIsNotAConversion() {
        assertEquals("100%", Strftime.format("100%%", TIME));
        assertEquals("a%Qb", Strftime.format("a%Qb", TIME)); // unknown: kept, so the mistake shows
        assertEquals("trailing%", Strftime.format("trailing%", TIME));
        assertEquals("plain.pcap", Strftime.format("plain.pcap", TIME));
    }

    @Test
    void shouldUseTheZoneOfTheTime() {
        ZonedDateTime paris = TIME.withZoneSameInstant(ZoneId.of("Europe/Paris"));
        assertEquals("05", Strftime.format("%H", paris));
        assertEquals(Long.toString(TIME.toEpochSecond()), Strftime.format("%s", paris), "%s is zone-free");
    }
}
