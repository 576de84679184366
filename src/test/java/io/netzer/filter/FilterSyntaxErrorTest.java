package io.netzer.filter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** One case per kind of error the compiler reports, with the column and the message the user sees. */
class FilterSyntaxErrorTest {
    private static final int ETHERNET = 1;
    private static final int RAW = 101;
    private static final int LINUX_SLL = 113;

    private static void assertError(String expression, int linkType, CompileOptions options, int column,
            String message) {
        FilterSyntaxException e = assertThrows(FilterSyntaxException.class,
                () -> FilterCompiler.compile(expression, linkType, options));
        assertEquals("column " + column + ": " + message, e.getMessage());
        assertEquals(column, e.column());
    }

    private static void assertError(String expression, int column, String message) {
        assertError(expression, ETHERNET, CompileOptions.forFile(), column, message);
    }

    @Test
    void shouldNameTheMissingAddressAfterAQualifier() {
        assertError("host and", 6, "expected a host name or address after 'host', found 'and'");
    }

    @Test
    void shouldNameTheMissingPortAtTheEnd() {
        assertError("tcp port 80 or", 15, "expected a port number or name after 'or', found end of expression");
    }

    @Test
    void shouldAskForAPrimitiveAfterAndWithNothingToRepeat() {
        assertError("tcp and", 8, "expected a primitive such as 'tcp', 'host 10.0.0.1' or 'port 80' after 'and', "
                + "found end of expression");
    }

    @Test
    void shouldReportAnUnclosedParenthesis() {
        assertError("(tcp", 5, "expected ')' after 'tcp', found end of expression");
    }

    @Test
    void shouldReportAMissingComparison() {
        assertError("ip[0] & 1", 10, "expected a comparison operator after '1', found end of expression");
    }

    @Test
    void shouldReportAnUnclosedIndex() {
        assertError("ip[0 = 1", 6, "expected ']' after '0', found '='");
    }

    @Test
    void shouldReportTrailingTokens() {
        assertError("tcp udp", 5, "expected 'and', 'or' or the end of the expression after 'tcp', found 'udp'");
    }

    @Test
    void shouldReportAnUnexpectedCharacter() {
        assertError("host 1.2.3.4 $", 14, "unexpected character '$'");
    }

    @Test
    void shouldReportABogusEthernetAddress() {
        assertError("ether host 1:2:3", 12, "bogus ethernet address 1:2:");
    }

    @Test
    void shouldRefuseMplsByName() {
        assertError("mpls", 1, "'mpls' is not supported");
        assertError("ip and mpls 42", 8, "'mpls' is not supported");
    }

    @Test
    void shouldRefuseAGeneveVniOverTwentyFourBitsAsLibpcapDoes() {
        assertError("udp and geneve 16777216", 9, "Geneve VNI 16777216 greater than maximum 16777215");
    }

    @Test
    void shouldRefuseVxlanAsTheLibpcapOfTcpdump499Does() {
        // libpcap 1.10 has no vxlan keyword: a name alone is a syntax error there too
        assertError("vxlan", 1, "expected a number, 'len' or a packet field like 'ip[0]', found 'vxlan'");
    }

    @Test
    void shouldRunOutOfScratchWordsAfterFiveGeneves() {
        String five = "geneve and geneve and geneve and geneve and geneve";
        FilterCompiler.compile(five, 1, CompileOptions.forFile());
        assertError(five + " and geneve", 56, "too many registers needed to evaluate expression");
        // arithmetic keeps off the words the Geneve offsets hold (its error names no column of its own)
        assertError(five + " and ip[ip[0]] = 1", 1, "too many registers needed to evaluate expression");
    }

    @Test
    void shouldRefuseAnIdentifierWithoutQualifiers() {
        assertError("ip and 1.2.3.4", 8, "expected a qualifier such as 'host', 'net' or 'port' before this "
                + "identifier");
    }

    @Test
    void shouldNameAnUnknownPort() {
        assertError("port nosuchservice", 6, "unknown port 'nosuchservice'");
    }

    @Test
    void shouldNameAnUnknownHost() {
        assertError("host nosuchhost.invalid", 6, "unknown host 'nosuchhost.invalid'");
    }

    @Test
    void shouldNameAnUnknownProtocol() {
        assertError("ip proto \\nosuchproto", 10, "unknown ip proto 'nosuchproto'");
        assertError("ether proto \\nosuchproto", 13, "unknown ether proto 'nosuchproto'");
    }

    @Test
    void shouldRefuseAPortAboveTheRange() {
        assertError("port 70000", 6, "illegal port number 70000 > 65535");
    }

    @Test
    void shouldRefuseAPortNameOfTheOtherTransport() {
        assertError("udp port http", 10, "port 'http' is tcp");
    }

    @Test
    void shouldRefuseHostBitsInANetwork() {
        assertError("net 10.1.0.0/8", 5, "non-network bits set in \"10.1.0.0/8\"");
        assertError("net 10.1.0.0 mask 255.0.0.0", 5, "non-network bits set in \"10.1.0.0 mask 255.0.0.0\"");
    }

    @Test
    void shouldRefuseAPrefixLongerThanTheAddress() {
        assertError("net 1.2.3.4/33", 5, "mask length must be <= 32");
        assertError("net ::/129", 5, "mask length must be <= 128");
    }

    @Test
    void shouldRefuseAMaskOnAHost() {
        assertError("host 10.0.0.0/8", 6, "Mask syntax for networks only");
    }

    @Test
    void shouldRefuseAnInvalidIpv4Address() {
        assertError("host 300.1.1.1", 6, "invalid IPv4 address '300.1.1.1'");
    }

    @Test
    void shouldRefuseAQualifierThatDoesNotApply() {
        assertError("tcp host 1.2.3.4", 10, "'tcp' modifier applied to host");
        assertError("ip host ::1", 9, "'ip' modifier applied to ip6 host");
        assertError("port 1.2.3.4", 6, "'port' modifier applied to IP address");
        assertError("port ::1", 6, "invalid qualifier against IPv6 address");
        assertError("icmp port 80", 11, "illegal qualifier of 'port'");
        assertError("src proto 6", 5, "expected 'host', 'net', 'port', 'portrange' or an address after 'src', "
                + "found 'proto'");
        assertError("tcp proto 6", 11, "'tcp proto' is bogus");
        assertError("arp proto 6", 11, "arp does not encapsulate another protocol");
        assertError("ether src 1.2.3.4", 11, "illegal link layer address");
        assertError("ip host 01:02:03:04:05:06", 9, "ethernet address used in non-ether expression");
    }

    @Test
    void shouldRefuseABadDataSize() {
        assertError("tcp[0:3] = 1", 1, "data size must be 1, 2, or 4");
    }

    @Test
    void shouldRefuseAConstantZeroDivisorAsLibpcapDoes() {
        assertError("ip[0] / 0 = 1", 7, "division by zero");
        assertError("ip[0] % 0 = 1", 7, "modulus by zero");
        assertError("ip[2:2] / ip[0] > 0", 9, "division by zero");
    }

    @Test
    void shouldRefuseAShiftPast31Bits() {
        assertError("ip[0] << 33 = 1", 7, "shift by more than 31 bits");
    }

    @Test
    void shouldRefuseNumbersTheScannerRefuses() {
        assertError("ip[0] = 4294967296", 9, "number 4294967296 overflows 32 bits");
        assertError("ip[0] = 08", 9, "number 08 contains non-octal digit");
    }

    @Test
    void shouldRefuseAVlanIdAbove4095() {
        assertError("vlan 5000", 1, "VLAN tag 5000 greater than maximum 4095");
    }

    @Test
    void shouldRefuseLinkLayerConstructsTheLinkTypeLacks() {
        assertError("vlan", RAW, CompileOptions.forFile(), 1, "no VLAN support for Raw IP");
        assertError("ether host 01:02:03:04:05:06", LINUX_SLL, CompileOptions.forFile(), 12,
                "ethernet addresses supported only on ethernet/FDDI/token ring/802.11/ATM LANE/Fibre Channel");
        assertError("ether broadcast", LINUX_SLL, CompileOptions.forFile(), 7, "not a broadcast link");
        assertError("multicast", RAW, CompileOptions.forFile(), 1, "link-layer multicast filters supported only on "
                + "ethernet/FDDI/token ring/ARCNET/802.11/ATM LANE/Fibre Channel");
    }

    @Test
    void shouldRefuseIpBroadcastWithoutANetmask() {
        assertError("ip broadcast", 4, "netmask not known, so 'ip broadcast' not supported");
        FilterCompiler.compile("ip broadcast", ETHERNET, new CompileOptions(false, 0xffffff00, 65535));
    }

    @Test
    void shouldRefuseAFilterThatMatchesNothing() {
        assertError("1 = 2", 1, "expression rejects all packets");
        assertError("arp", RAW, CompileOptions.forFile(), 1, "expression rejects all packets");
    }

    @Test
    void shouldRefuseExpressionsNestedTooDeeply() {
        String deep = "(".repeat(300) + "tcp" + ")".repeat(300);
        FilterSyntaxException e = assertThrows(FilterSyntaxException.class,
                () -> FilterCompiler.compile(deep, ETHERNET, CompileOptions.forFile()));
        assertEquals(true, e.getMessage().contains("nested more than 200 levels deep"), e.getMessage());
    }

    @Test
    void shouldRefuseArithmeticNeedingMoreThanTheScratchMemory() {
        StringBuilder expression = new StringBuilder("ip[0]");
        for (int i = 1; i < 20; i++) {
            expression.insert(0, "(").append(" + ip[" + i + "])");
        }
        FilterSyntaxException e = assertThrows(FilterSyntaxException.class,
                () -> FilterCompiler.compile(expression + " = 1", ETHERNET, CompileOptions.forFile()));
        assertEquals(true, e.getMessage().endsWith("too many registers needed to evaluate expression"),
                e.getMessage());
    }

    @Test
    void shouldRefuseAnUnsupportedLinkTypeWithoutBlamingTheExpression() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> FilterCompiler.compile("tcp", 105, CompileOptions.forFile()));
        assertEquals(false, e instanceof FilterSyntaxException);
    }
}
