package io.netzer.app;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.foreign.MemorySegment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DnsTypesTest {
    @ParameterizedTest
    @CsvSource({"1, A", "10, NULL", "11, WKS", "43, DS", "44, SSHFP", "48, DNSKEY", "51, NSEC3PARAM", "53, SMIMEA",
        "55, HIP", "63, ZONEMD", "65, HTTPS", "66, DSYNC", "99, SPF", "109, EUI64", "128, NXNAME", "249, TKEY",
        "252, AXFR", "255, ANY", "257, CAA", "260, AMTRELAY", "264, IPN", "32768, TA", "32769, DLV"})
    void shouldNameEveryTypeTheRegistryAssigns(int type, String name) {
        assertEquals(name, DnsMessage.typeName(type));
    }

    @ParameterizedTest
    @CsvSource({"0", "54", "69", "98", "110", "127", "129", "248", "265", "32767", "32770", "65280", "65534",
        "65535"})
    void shouldWriteUnassignedTypesInRfc3597Form(int type) {
        assertEquals("TYPE" + type, DnsMessage.typeName(type));
    }

    @Test
    void shouldDecodeAnAnswerOfAnUnassignedTypeGenerically() {
        byte[] response = Hex.bytes("""
                00 01 81 80 00 01 00 01 00 00 00 00 // a response, 1 question, 1 answer
                01 78 00 00 36 00 01                // question x. TYPE54 IN
                c0 0c 00 36 00 01 00 00 00 3c 00 02 // answer: x. TYPE54 IN TTL 60 RDLENGTH 2
                be ef
                """);
        DnsMessage message = new DnsMessage();
        new DnsMessageParser().parse(MemorySegment.ofArray(response), 0, response.length, message);
        assertEquals("TYPE54", DnsMessage.typeName(message.questionType()));
        assertEquals("TYPE54", DnsMessage.typeName(message.answerType(0)));
        assertEquals("\\# 2 beef", message.answerData(0));
    }
}
