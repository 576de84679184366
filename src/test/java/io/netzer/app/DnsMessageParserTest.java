package io.netzer.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.lang.foreign.MemorySegment;
import org.junit.jupiter.api.Test;

class DnsMessageParserTest {
    /** A response for www.example.com with a CNAME, an A, an AAAA, an MX, a TXT and an unknown type. */
    static final String RESPONSE = """
            ab cd                     // ID 0xabcd
            81 80                     // QR=1, opcode 0, RD=1, RA=1, RCODE 0
            00 01 00 06 00 00 00 00   // QDCOUNT 1, ANCOUNT 6, NSCOUNT 0, ARCOUNT 0
            03 77 77 77 07 65 78 61 6d 70 6c 65 03 63 6f 6d 00 // offset 12: www.example.com
            00 01 00 01               // QTYPE A, QCLASS IN
            c0 0c 00 05 00 01         // answer 1: name -> offset 12, CNAME, IN
            00 00 0e 10 00 06         //   TTL 3600, RDLENGTH 6
            03 63 64 6e c0 10         //   cdn + pointer to offset 16 (example.com)
            c0 0c 00 01 00 01 00 00 00 3c 00 04 // answer 2: A, IN, TTL 60, RDLENGTH 4
            5d b8 d8 22               //   93.184.216.34
            c0 0c 00 1c 00 01 00 00 00 3c 00 10 // answer 3: AAAA, IN, TTL 60, RDLENGTH 16
            20 01 0d b8 00 00 00 00 00 00 00 00 00 00 00 01 // 2001:db8::1
            c0 10 00 0f 00 01 00 00 00 3c 00 07 // answer 4: example.com MX, IN, TTL 60, RDLENGTH 7
            00 0a 02 6d 78 c0 10      //   preference 10, mx.example.com
            c0 10 00 10 00 01 00 00 00 3c 00 09 // answer 5: TXT, IN, TTL 60, RDLENGTH 9
            03 61 22 62 04 76 3d 31 0a //  "a\\"b" "v=1\\010"
            c0 10 00 63 00 01 00 00 00 3c 00 02 // answer 6: type 99 (SPF), RDLENGTH 2
            ca fe                     //   opaque data
            """;

    private final DnsMessageParser parser = new DnsMessageParser();
    private final DnsMessage message = new DnsMessage();

    @Test
    void shouldDecodeHeaderQuestionAndEveryRenderedAnswerType() {
        assertEquals(ParseStatus.COMPLETE, parseUdp(Hex.bytes(RESPONSE)));

        assertEquals(0xabcd, message.id());
        assertTrue(message.isResponse());
        assertEquals(0, message.opcode());
        assertTrue(message.recursionDesired());
        assertTrue(message.recursionAvailable());
        assertFalse(message.truncated());
        assertEquals(0, message.responseCode());
        assertEquals("www.example.com", message.questionName());
        assertEquals("A", DnsMessage.typeName(message.questionType()));
        assertEquals(1, message.questionClass());
        assertEquals(6, message.answersStored());
        assertAnswer(0, "www.example.com", "CNAME", 3600, "cdn.example.com");
        assertAnswer(1, "www.example.com", "A", 60, "93.184.216.34");
        assertAnswer(2, "www.example.com", "AAAA", 60, "2001:db8::1");
        assertAnswer(3, "example.com", "MX", 60, "10 mx.example.com");
        assertAnswer(4, "example.com", "TXT", 60, "\"a\\\"b\" \"v=1\\010\"");
        assertAnswer(5, "example.com", "SPF", 60, "\\# 2 cafe");
    }

    @Test
    void shouldRenderIpv6AddressesInTheirShortestForm() {
        assertEquals("::", aaaa("00000000000000000000000000000000"));
        assertEquals("::1", aaaa("00000000000000000000000000000001"));
        assertEquals("fe80::1:0:0:2", aaaa("fe800000000000000001000000000002"));
        assertEquals("2001:db8:0:1:1:1:1:1", aaaa("20010db8000000010001000100010001"));
        assertEquals("1::", aaaa("00010000000000000000000000000000"));
    }

    @Test
    void shouldEscapeDotsBackslashesAndUnprintableBytesInLabels() {
        assertEquals(ParseStatus.COMPLETE, parseUdp(Hex.bytes("""
                00 01 01 00 00 01 00 00 00 00 00 00 // ID 1, RD, 1 question
                04 61 2e 5c 01 00         // label "a.\\" + byte 0x01, then root
                00 10 00 01               // TXT, IN
                """)));
        assertEquals("a\\.\\\\\\001", message.questionName());
    }

    @Test
    void shouldNameTheRootAsADot() {
        assertEquals(ParseStatus.COMPLETE, parseUdp(Hex.bytes("""
                00 02 01 00 00 01 00 00 00 00 00 00 // ID 2, RD, 1 question
                00 00 02 00 01            // root, NS, IN
                """)));
        assertEquals(".", message.questionName());
    }

    @Test
    void shouldReadSeveralMessagesFromATcpStreamAndWaitForPartialOnes() {
        byte[] one = tcp(Hex.bytes(RESPONSE));
        byte[] stream = new byte[one.length * 2];
        System.arraycopy(one, 0, stream, 0, one.length);
        System.arraycopy(one, 0, stream, one.length, one.length);
        MemorySegment segment = MemorySegment.ofArray(stream);

        assertEquals(ParseStatus.COMPLETE, parser.parseTcp(segment, 0, stream.length, message));
        assertEquals(one.length, message.consumed());
        assertEquals(ParseStatus.COMPLETE, parser.parseTcp(segment, one.length, one.length, message));
        assertEquals("www.example.com", message.questionName());
        for (int length = 0; length < one.length; length++) {
            assertEquals(ParseStatus.NEED_MORE_DATA, parser.parseTcp(segment, 0, length, message));
        }
    }

    @Test
    void shouldKeepAtMostMaxAnswersAndCountTheRest() {
        assertEquals(ParseStatus.COMPLETE, parseUdp(manyARecords(DnsMessage.MAX_ANSWERS + 3)));
        assertEquals(DnsMessage.MAX_ANSWERS, message.answersStored());
        assertEquals(3, message.answersSkipped());
    }

    @Test
    void shouldWalkAtMostMaxRecordsAndCountTheRest() {
        assertEquals(ParseStatus.COMPLETE, parseUdp(manyARecords(DnsMessageParser.MAX_RECORDS + 10)));
        assertEquals(DnsMessage.MAX_ANSWERS, message.answersStored());
        assertEquals(DnsMessageParser.MAX_RECORDS + 10 - DnsMessage.MAX_ANSWERS, message.answersSkipped());
    }

    @Test
    void shouldDropWholeAnswersThatDoNotFitTheTextBuffer() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int answers = 20;
        out.writeBytes(Hex.bytes("00 03 81 80 00 00 00 14 00 00 00 00")); // response, 0 questions, 20 answers
        for (int i = 0; i < answers; i++) {
            out.writeBytes(Hex.bytes("00 00 10 00 01 00 00 00 3c 01 00 ff")); // root TXT, RDLENGTH 256, len 255
            out.writeBytes(new byte[255]);                                  // 255 zero bytes: \000 each
        }
        assertEquals(ParseStatus.COMPLETE, parseUdp(out.toByteArray()));
        assertEquals(answers, message.answersStored() + message.answersSkipped());
        assertTrue(message.answersSkipped() > 0);
        assertTrue(message.answerData(message.answersStored() - 1).endsWith("\\000\""));
    }

    @Test
    void shouldRejectAMessageShorterThanTheHeader() {
        assertMalformed(Malformation.DNS_HEADER_TRUNCATED, "00 01 01 00 00 01 00 00 00 00 00"); // 11 bytes
        assertEquals(ParseStatus.MALFORMED, parser.parseTcp(Hex.segment("00 01 00"), 0, 3, message));
        assertEquals(Malformation.DNS_HEADER_TRUNCATED, message.malformation());
    }

    @Test
    void shouldRejectANameThatRunsPastTheMessage() {
        assertMalformed(Malformation.DNS_NAME_TRUNCATED, """
                00 01 01 00 00 01 00 00 00 00 00 00 // 1 question
                07 65 78 61 6d           // label of 7 bytes, only 4 present
                """);
    }

    @Test
    void shouldRejectANameWithoutItsTerminatingZero() {
        assertMalformed(Malformation.DNS_NAME_TRUNCATED, """
                00 01 01 00 00 01 00 00 00 00 00 00 // 1 question
                03 63 6f 6d               // "com", then the message ends
                """);
    }

    @Test
    void shouldRejectTheReservedLabelTypes() {
        assertMalformed(Malformation.DNS_BAD_LABEL_TYPE, """
                00 01 01 00 00 01 00 00 00 00 00 00 // 1 question
                41 00                     // label type 0b01 (extended label, RFC 6891 deprecated)
                """);
        assertMalformed(Malformation.DNS_BAD_LABEL_TYPE, """
                00 01 01 00 00 01 00 00 00 00 00 00 // 1 question
                80 00                     // label type 0b10 (reserved)
                """);
    }

    @Test
    void shouldRejectANameLongerThan255Bytes() {
        String label = "3f" + " 61".repeat(63);           // 64 bytes on the wire
        assertMalformed(Malformation.DNS_NAME_TOO_LONG,
                "00 01 01 00 00 01 00 00 00 00 00 00\n" + (label + "\n").repeat(4) + "00 00 01 00 01");
    }

    @Test
    void shouldRejectAPointerToItself() {
        assertMalformed(Malformation.DNS_FORWARD_POINTER, """
                00 01 01 00 00 01 00 00 00 00 00 00 // 1 question
                c0 0c                     // offset 12: pointer to offset 12 (itself)
                """);
    }

    @Test
    void shouldRejectAForwardPointer() {
        assertMalformed(Malformation.DNS_FORWARD_POINTER, """
                00 01 01 00 00 01 00 00 00 00 00 00 // 1 question
                c0 0e 00 00 01 00         // offset 12: pointer to offset 14 (ahead of itself)
                """);
    }

    @Test
    void shouldFollowPointerChainsUpToTheCapAndNoFurther() {
        assertEquals(ParseStatus.COMPLETE, parseUdp(pointerChain(DnsNames.MAX_POINTER_HOPS - 1)));
        assertEquals(".", message.answerName(1));
        assertEquals(ParseStatus.MALFORMED, parseUdp(pointerChain(DnsNames.MAX_POINTER_HOPS)));
        assertEquals(Malformation.DNS_TOO_MANY_POINTERS, message.malformation());
    }

    /**
     * Two answers: the first (an opaque type 99 record) carries in its data a root name followed by
     * {@code links} pointers, each to the one before; the second answer's name points at the last link, so
     * reading it follows {@code links + 1} pointers.
     */
    private static byte[] pointerChain(int links) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(Hex.bytes("00 05 81 80 00 00 00 02 00 00 00 00")); // response, 0 questions, 2 answers
        int dataLength = 1 + 2 * links;
        out.writeBytes(Hex.bytes("00 00 63 00 01 00 00 00 3c"));           // offset 12: root, type 99, IN, TTL 60
        out.write(dataLength >>> 8);                                          // RDLENGTH
        out.write(dataLength & 0xff);
        int chainStart = out.size();                                          // offset 23
        out.write(0);                                                         // the root name ends the chain
        for (int i = 0; i < links; i++) {
            int target = i == 0 ? chainStart : chainStart + 1 + 2 * (i - 1);
            out.write(0xc0 | target >>> 8);                                   // pointer to the previous link
            out.write(target & 0xff);
        }
        int last = links == 0 ? chainStart : chainStart + 1 + 2 * (links - 1);
        out.write(0xc0 | last >>> 8);                                         // answer 2: name -> last link
        out.write(last & 0xff);
        out.writeBytes(Hex.bytes("00 01 00 01 00 00 00 3c 00 04 0a 00 00 01")); // A, IN, TTL 60, 10.0.0.1
        return out.toByteArray();
    }

    @Test
    void shouldRejectAQuestionWithoutTypeAndClass() {
        assertMalformed(Malformation.DNS_QUESTION_TRUNCATED, """
                00 01 01 00 00 01 00 00 00 00 00 00 // 1 question
                00 00 01                  // root, then 1 byte of QTYPE
                """);
    }

    @Test
    void shouldRejectARecordWhoseFixedPartIsCut() {
        assertMalformed(Malformation.DNS_RECORD_TRUNCATED, """
                00 01 81 00 00 00 00 01 00 00 00 00 // response, 1 answer
                00 00 01 00 01 00 00      // root, A, IN, 2 of the 4 TTL bytes
                """);
    }

    @Test
    void shouldRejectARecordWhoseDataRunsPastTheMessage() {
        assertMalformed(Malformation.DNS_RECORD_TRUNCATED, """
                00 01 81 00 00 00 00 01 00 00 00 00 // response, 1 answer
                00 00 01 00 01 00 00 00 3c 00 04 // root, A, IN, TTL 60, RDLENGTH 4
                0a 00                     // only 2 bytes of address
                """);
    }

    @Test
    void shouldRejectAnARecordThatIsNotFourBytes() {
        assertMalformed(Malformation.DNS_BAD_RDATA, """
                00 01 81 00 00 00 00 01 00 00 00 00 // response, 1 answer
                00 00 01 00 01 00 00 00 3c 00 05 // root, A, IN, TTL 60, RDLENGTH 5
                0a 00 00 01 ff            // five bytes
                """);
    }

    @Test
    void shouldRejectACnameWhoseNameDoesNotEndWithItsData() {
        assertMalformed(Malformation.DNS_BAD_RDATA, """
                00 01 81 00 00 00 00 01 00 00 00 00 // response, 1 answer
                00 00 05 00 01 00 00 00 3c 00 03 // root, CNAME, IN, TTL 60, RDLENGTH 3
                00 00 00                  // root name (1 byte) and 2 stray bytes
                """);
    }

    @Test
    void shouldRejectATxtStringLongerThanItsData() {
        assertMalformed(Malformation.DNS_BAD_RDATA, """
                00 01 81 00 00 00 00 01 00 00 00 00 // response, 1 answer
                00 00 10 00 01 00 00 00 3c 00 02 // root, TXT, IN, TTL 60, RDLENGTH 2
                05 61                     // string of 5 bytes, 1 present
                """);
    }

    @Test
    void shouldNameTheReasonOfAnMxRecordWithoutItsExchange() {
        assertMalformed(Malformation.DNS_BAD_RDATA, """
                00 01 81 00 00 00 00 01 00 00 00 00 // response, 1 answer
                00 00 0f 00 01 00 00 00 3c 00 02 // root, MX, IN, TTL 60, RDLENGTH 2
                00 0a                     // preference 10, no exchange name
                """);
    }

    private void assertAnswer(int index, String name, String type, long ttl, String data) {
        assertEquals(name, message.answerName(index));
        assertEquals(type, DnsMessage.typeName(message.answerType(index)));
        assertEquals(ttl, message.answerTtl(index));
        assertEquals(data, message.answerData(index));
    }

    private void assertMalformed(Malformation expected, String hex) {
        assertEquals(ParseStatus.name(ParseStatus.MALFORMED), ParseStatus.name(parseUdp(Hex.bytes(hex))));
        assertEquals(expected, message.malformation());
    }

    private String aaaa(String address) {
        byte[] bytes = Hex.bytes("00 01 81 00 00 00 00 01 00 00 00 00 00 00 1c 00 01 00 00 00 3c 00 10 " + address);
        assertEquals(ParseStatus.COMPLETE, parseUdp(bytes));
        return message.answerData(0);
    }

    private int parseUdp(byte[] bytes) {
        return parser.parse(MemorySegment.ofArray(bytes), 0, bytes.length, message);
    }

    private static byte[] manyARecords(int count) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(Hex.bytes("00 04 81 80 00 00"));      // ID 4, response, 0 questions
        out.write(count >>> 8);                                // ANCOUNT
        out.write(count & 0xff);
        out.writeBytes(Hex.bytes("00 00 00 00"));            // NSCOUNT, ARCOUNT
        for (int i = 0; i < count; i++) {
            out.writeBytes(Hex.bytes("00 00 01 00 01 00 00 00 3c 00 04 0a 00 00 01")); // root A 10.0.0.1
        }
        return out.toByteArray();
    }

    private static byte[] tcp(byte[] message) {
        byte[] out = new byte[message.length + 2];
        out[0] = (byte) (message.length >>> 8);
        out[1] = (byte) message.length;
        System.arraycopy(message, 0, out, 2, message.length);
        return out;
    }

    @Test
    void shouldRecogniseTheDnsMdnsAndLlmnrPorts() {
        assertTrue(DnsMessageParser.isDnsPort(53));
        assertTrue(DnsMessageParser.isDnsPort(5353)); // mDNS
        assertTrue(DnsMessageParser.isDnsPort(5355)); // LLMNR
        assertFalse(DnsMessageParser.isDnsPort(853)); // DNS over TLS: encrypted, not parsed
    }
}
