package io.netzer.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class DnsTransactionsTest {
    private static final long MS = 1_000_000L;
    private static final int A = 1;
    private static final int AAAA = 28;

    private final DnsMessageParser parser = new DnsMessageParser();
    private final DnsMessage message = new DnsMessage();

    @Test
    void shouldGiveTheResponseTheTimeSinceItsQuery() {
        DnsTransactions table = new DnsTransactions();
        assertEquals(-1, table.observe(3, 0, parse(7, false, "www.Example.com", A), 1_000 * MS));
        assertEquals(1, table.pendingCount());
        assertEquals(25 * MS, table.observe(3, 1, parse(7, true, "www.example.COM", A), 1_025 * MS));
        assertEquals(25 * MS, message.responseTimeNanos());
        assertEquals(0, table.pendingCount());
        assertEquals(-1, table.observe(3, 1, parse(7, true, "www.example.com", A), 1_030 * MS),
                "a second copy of the response finds no query left");
        assertEquals(1, table.unmatched());
    }

    @Test
    void shouldPairOnlyTheSameIdQuestionAndFlowInTheOtherDirection() {
        DnsTransactions table = new DnsTransactions();
        table.observe(3, 0, parse(7, false, "a.example", A), 0);
        assertEquals(-1, table.observe(3, 1, parse(8, true, "a.example", A), MS), "other ID");
        assertEquals(-1, table.observe(3, 1, parse(7, true, "b.example", A), MS), "other name");
        assertEquals(-1, table.observe(3, 1, parse(7, true, "a.example", AAAA), MS), "other type");
        assertEquals(-1, table.observe(4, 1, parse(7, true, "a.example", A), MS), "other flow");
        assertEquals(-1, table.observe(3, 0, parse(7, true, "a.example", A), MS), "same direction as the query");
        assertEquals(5, table.unmatched());
        assertEquals(2 * MS, table.observe(3, 1, parse(7, true, "a.example", A), 2 * MS));
    }

    @Test
    void shouldCountAResponseWithoutAQuery() {
        DnsTransactions table = new DnsTransactions();
        assertEquals(-1, table.observe(1, 1, parse(99, true, "x.example", A), MS));
        assertEquals(-1, message.responseTimeNanos());
        assertEquals(1, table.unmatched());
        assertEquals(0, table.pendingCount());
    }

    @Test
    void shouldTimeARetransmittedQueryFromTheFirstCopy() {
        DnsTransactions table = new DnsTransactions();
        table.observe(1, 0, parse(5, false, "slow.example", A), 0);
        table.observe(1, 0, parse(5, false, "slow.example", A), 1_000 * MS);
        assertEquals(1, table.pendingCount());
        assertEquals(1_200 * MS, table.observe(1, 1, parse(5, true, "slow.example", A), 1_200 * MS));
    }

    @Test
    void shouldNotPairAResponseWithAQueryOfTheSlotsPreviousFlow() {
        DnsTransactions table = new DnsTransactions();
        table.observe(2, 0, parse(5, false, "a.example", A), 0);
        table.flowStarted(2);
        assertEquals(-1, table.observe(2, 1, parse(5, true, "a.example", A), MS));
    }

    @Test
    void shouldForgetAndCountQueriesUnansweredPastTheTimeout() {
        DnsTransactions table = new DnsTransactions(16, 10_000 * MS);
        table.observe(1, 0, parse(1, false, "a.example", A), 0);
        table.observe(1, 0, parse(2, false, "b.example", A), 5_000 * MS);
        assertEquals(-1, table.observe(1, 1, parse(1, true, "a.example", A), 10_000 * MS), "too late");
        assertEquals(1, table.unanswered());
        assertEquals(1, table.pendingCount());
        assertEquals(9_000 * MS, table.observe(1, 1, parse(2, true, "b.example", A), 14_000 * MS));
    }

    @Test
    void shouldCountTheQueriesPastTheTimeoutWhenTheCaptureEnds() {
        DnsTransactions table = new DnsTransactions(16, 10_000 * MS);
        table.observe(1, 0, parse(1, false, "a.example", A), 0);
        table.observe(1, 0, parse(2, false, "b.example", A), 5_000 * MS);
        table.endOfCapture(12_000 * MS);
        assertEquals(1, table.unanswered(), "a's timeout passed before the end; b's answer may have come after it");
        assertEquals(1, table.pendingCount());
    }

    @Test
    void shouldKeepAQueryFloodWithinTheCapacityAndCountWhatItDrops() {
        DnsTransactions table = new DnsTransactions(1024, 10_000 * MS);
        for (int i = 0; i < 100_000; i++) {
            table.observe(i % 50_000, 0, parse(i & 0xffff, false, "flood" + i + ".example", A), i);
        }
        assertEquals(1024, table.pendingCount());
        assertEquals(100_000 - 1024, table.evicted());
        assertEquals(0, table.unanswered());
        assertEquals(10_000, table.observe(99_999 % 50_000, 1, parse(99_999 & 0xffff, true, "flood99999.example",
                A), 109_999));
        assertEquals(-1, table.observe(0, 1, parse(0, true, "flood0.example", A), 110_000), "the oldest went first");
    }

    @Test
    void shouldStayAllocationFreeOncePaired() {
        DnsTransactions table = new DnsTransactions(64, 10_000 * MS);
        byte[] query = bytes(9, false, "alloc.example", A);
        byte[] response = bytes(9, true, "alloc.example", A);
        MemorySegment q = MemorySegment.ofArray(query);
        MemorySegment r = MemorySegment.ofArray(response);
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        long sum = 0;
        long before = 0;
        for (int round = 0; round < 2; round++) {
            if (round == 1) {
                before = threads.getCurrentThreadAllocatedBytes();
            }
            for (int i = 0; i < 200_000; i++) {
                parser.parse(q, 0, query.length, message);
                table.observe(i & 1023, 0, message, i * MS);
                parser.parse(r, 0, response.length, message);
                sum += table.observe(i & 1023, 1, message, i * MS + 3);
            }
        }
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        assertEquals(2 * 200_000 * 3L, sum);
        assertTrue(allocated < 200_000, "allocated " + allocated + " bytes for 400,000 messages");
    }

    private DnsMessage parse(int id, boolean response, String name, int type) {
        byte[] bytes = bytes(id, response, name, type);
        parser.parse(MemorySegment.ofArray(bytes), 0, bytes.length, message);
        return message;
    }

    /** A message with one question and no records. */
    static byte[] bytes(int id, boolean response, String name, int type) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(id >> 8);
        out.write(id);
        out.write(response ? 0x81 : 0x01);
        out.write(response ? 0x80 : 0x00);
        out.writeBytes(new byte[] {0, 1, 0, 0, 0, 0, 0, 0});
        for (String label : name.split("\\.")) {
            out.write(label.length());
            out.writeBytes(label.getBytes(StandardCharsets.US_ASCII));
        }
        out.write(0);
        out.writeBytes(new byte[] {(byte) (type >> 8), (byte) type, 0, 1});
        return out.toByteArray();
    }
}
