package io.netzer.export;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Timestamps against java.time: calendar edges, leap years, nanoseconds, times before 1970, the time of day. */
class TimestampsTest {
    private static final DateTimeFormatter RFC_3339 =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSSSSS'Z'").withZone(ZoneOffset.UTC);
    private final char[] text = new char[64];

    @Test
    void shouldWriteTheCalendarEdges() {
        assertEquals("1970-01-01T00:00:00.000000000Z", rfc3339(0));
        assertEquals("1969-12-31T23:59:59.999999999Z", rfc3339(-1)); // floor, not truncation
        assertEquals("2024-02-29T23:59:59.999999999Z", rfc3339(nanos("2024-02-29T23:59:59.999999999Z")));
        assertEquals("2000-02-29T12:00:00.000000001Z", rfc3339(nanos("2000-02-29T12:00:00.000000001Z"))); // 400
        assertEquals("2100-03-01T00:00:00.000000000Z", rfc3339(nanos("2100-02-28T23:59:59.999999999Z") + 1)); // 100
        assertEquals("2262-04-11T23:47:16.854775807Z", rfc3339(Long.MAX_VALUE));
    }

    @Test
    void shouldAgreeWithJavaTimeOverTwoCenturies() {
        SplittableRandom random = new SplittableRandom(5952);
        for (int i = 0; i < 100_000; i++) {
            long epochNanos = random.nextLong(-2_208_988_800_000_000_000L, Long.MAX_VALUE); // from 1900
            Instant instant = Instant.ofEpochSecond(Math.floorDiv(epochNanos, 1_000_000_000L),
                    Math.floorMod(epochNanos, 1_000_000_000L));
            assertEquals(RFC_3339.format(instant), rfc3339(epochNanos), Long.toString(epochNanos));
        }
    }

    @Test
    void shouldWriteTheTimeOfDayInTheZoneWithSixOrNineDigits() {
        long t = nanos("2026-01-01T23:30:05.123456789Z");
        assertEquals("23:30:05.123456", timeOfDay(t, 0, 6));
        assertEquals("23:30:05.123456789", timeOfDay(t, 0, 9));
        assertEquals("00:30:05.123456", timeOfDay(t, 3600, 6)); // past midnight east of UTC
        assertEquals("18:00:05.123456", timeOfDay(t, -(5 * 3600 + 1800), 6));
        assertEquals("23:59:59.999999", timeOfDay(-1, 0, 6)); // before 1970
    }

    private static long nanos(String text) {
        Instant instant = Instant.parse(text);
        return instant.getEpochSecond() * 1_000_000_000L + instant.getNano();
    }

    private String rfc3339(long epochNanos) {
        return new String(text, 0, Timestamps.rfc3339(epochNanos, text, 0));
    }

    private String timeOfDay(long epochNanos, long offsetSeconds, int digits) {
        return new String(text, 0, Timestamps.timeOfDay(epochNanos, offsetSeconds, digits, text, 0));
    }
}
