package io.netzer.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.netzer.dissect.EtherTypes;
import java.lang.foreign.MemorySegment;
import java.net.InetAddress;
import java.net.UnknownHostException;
import org.junit.jupiter.api.Test;

class CommunityIdTest {
    /**
     * corelight/community-id-spec, baseline/baseline_deflt.json (seed 0) and baseline/baseline_seed1.json
     * (seed 1). The baseline lists ICMP "ports" as (type, counterpart) for request/reply types and
     * (type, code) for one-way types; the type and code fed here are those of the packets in the spec's pcaps.
     * Columns: protocol, source, destination, source port or ICMP type, destination port or ICMP code,
     * expected with seed 0, expected with seed 1.
     */
    private static final Object[][] BASELINE = {
        {58, "fe80::200:86ff:fe05:80da", "fe80::260:97ff:fe07:69ea", 135, 0,
            "1:dGHyGvjMfljg6Bppwm3bg0LO8TY=", "1:kHa1FhMYIT6Ym2Vm2AOtoOARDzY="},
        {58, "fe80::260:97ff:fe07:69ea", "fe80::200:86ff:fe05:80da", 136, 0,
            "1:dGHyGvjMfljg6Bppwm3bg0LO8TY=", "1:kHa1FhMYIT6Ym2Vm2AOtoOARDzY="},
        {58, "fe80::260:97ff:fe07:69ea", "fe80::200:86ff:fe05:80da", 135, 0,
            "1:zavyT/cezQr1fmImYCwYnMXbgck=", "1:2hSqmsDZ2kdcY9kbiUzOEBic0iM="},
        {58, "fe80::200:86ff:fe05:80da", "fe80::260:97ff:fe07:69ea", 136, 0,
            "1:zavyT/cezQr1fmImYCwYnMXbgck=", "1:2hSqmsDZ2kdcY9kbiUzOEBic0iM="},
        {58, "3ffe:501:1800:2345::2", "3ffe:507:0:1:200:86ff:fe05:80da", 3, 0,
            "1:2ObVBgIn28oZvibYZhZMBgh7WdQ=", "1:lVEtCZpYu84Xqaa++3lXFyuu2n4="},
        {58, "3ffe:501:410:0:2c0:dfff:fe47:33e", "3ffe:507:0:1:200:86ff:fe05:80da", 1, 4,
            "1:hLZd0XGWojozrvxqE0dWB1iM6R0=", "1:W8MHwXpWzpoSTD+cGcaJr4u0ys8="},
        {58, "3ffe:507:0:1:200:86ff:fe05:80da", "3ffe:501:0:1001::2", 128, 0,
            "1:+TW+HtLHvV1xnGhV1lv7XoJrqQg=", "1:GfZxjAkDk2MkegpBYHV6tadtFXQ="},
        {58, "3ffe:501:0:1001::2", "3ffe:507:0:1:200:86ff:fe05:80da", 129, 0,
            "1:+TW+HtLHvV1xnGhV1lv7XoJrqQg=", "1:GfZxjAkDk2MkegpBYHV6tadtFXQ="},
        {58, "fe80::200:86ff:fe05:80da", "ff02::2", 133, 0,
            "1:hO+sN4H+MG5MY/8hIrXPqc4ZQz0=", "1:L7Ka0ZMYu+J3bL4ulW2PrqyXNo8="},
        {58, "fe80::260:97ff:fe07:69ea", "ff02::1", 134, 0,
            "1:pkvHqCL88/tg1k4cPigmZXUtL00=", "1:K/ee5UCqAMAQXDorP5nSa2CGLjc="},
        {1, "192.168.0.89", "192.168.0.1", 8, 0, "1:X0snYXpgwiv9TZtqg64sgzUn6Dk=", "1:03g6IloqVBdcZlPyX8r0hgoE7kA="},
        {1, "192.168.0.1", "192.168.0.89", 0, 0, "1:X0snYXpgwiv9TZtqg64sgzUn6Dk=", "1:03g6IloqVBdcZlPyX8r0hgoE7kA="},
        {1, "10.0.0.1", "10.0.0.2", 11, 0, "1:YHxtAirCG//0OzkcVAukqKQN9xM=", "1:XjUibYHaafLQ3pxQeiMI8g25q20="},
        {6, "2001:470:e5bf:dead:4957:2174:e82c:4887", "2607:f8b0:400c:c03::1a", 63943, 25,
            "1:/qFaeAR+gFe1KYjMzVDsMv+wgU4=", "1:eJYTW6AOzFLlSUoESovMjnu7rMw="},
        {6, "2607:f8b0:400c:c03::1a", "2001:470:e5bf:dead:4957:2174:e82c:4887", 25, 63943,
            "1:/qFaeAR+gFe1KYjMzVDsMv+wgU4=", "1:eJYTW6AOzFLlSUoESovMjnu7rMw="},
        {132, "192.168.170.8", "192.168.170.56", 7, 7, "1:MP2EtRCAUIZvTw6MxJHLV7N7JDs=",
            "1:5w3ZRjeKBzqT3zsaEECDGjUbYeg="},
        {132, "192.168.170.56", "192.168.170.8", 7, 7, "1:MP2EtRCAUIZvTw6MxJHLV7N7JDs=",
            "1:5w3ZRjeKBzqT3zsaEECDGjUbYeg="},
        {6, "128.232.110.120", "66.35.250.204", 34855, 80, "1:LQU9qZlK+B5F3KDmev6m5PMibrg=",
            "1:3V71V58M3Ksw/yuFALMcW0LAHvc="},
        {6, "66.35.250.204", "128.232.110.120", 80, 34855, "1:LQU9qZlK+B5F3KDmev6m5PMibrg=",
            "1:3V71V58M3Ksw/yuFALMcW0LAHvc="},
        {17, "192.168.1.52", "8.8.8.8", 54585, 53, "1:d/FP5EW3wiY1vCndhwleRRKHowQ=",
            "1:Q9We8WO3piVF8yEQBNJF4uiSVrI="},
        {17, "8.8.8.8", "192.168.1.52", 53, 54585, "1:d/FP5EW3wiY1vCndhwleRRKHowQ=",
            "1:Q9We8WO3piVF8yEQBNJF4uiSVrI="},
        {46, "10.1.12.1", "10.1.12.2", 0, 0, "1:KHlLkgoJW7ifUTyTSgyVfkFHzKw=", "1:rYir8gphR31noO9iDRQmF/BteEI="},
        {46, "10.1.12.2", "10.1.12.1", 0, 0, "1:KHlLkgoJW7ifUTyTSgyVfkFHzKw=", "1:rYir8gphR31noO9iDRQmF/BteEI="},
    };

    @Test
    void shouldMatchTheSpecBaselineWithSeedZero() throws UnknownHostException {
        CommunityId communityId = new CommunityId();
        for (Object[] row : BASELINE) {
            assertEquals(row[5], compute(communityId, row), () -> describe(row));
        }
    }

    @Test
    void shouldMatchTheSpecBaselineWithSeedOne() throws UnknownHostException {
        CommunityId communityId = new CommunityId(1);
        for (Object[] row : BASELINE) {
            assertEquals(row[6], compute(communityId, row), () -> describe(row));
        }
    }

    @Test
    void shouldMatchArkimeForFlowsOfTheCorpusCaptures() throws UnknownHostException {
        CommunityId communityId = new CommunityId();
        // arkime/arkime tests/pcap/tls-split-client-hello.test (network.community_id)
        assertEquals("1:SJbOs45s9Njn7COanUVh5ThWj/0=", communityId.compute(ip("10.1.17.215"), ip("142.250.114.100"),
                EtherTypes.PROTO_TCP, 49927, 443));
        // arkime/arkime tests/pcap/curl-enabled-tls13.test: the DNS lookup and the TLS session
        assertEquals("1:SB1sNGEQ5U+jmB3am3T8bnBNTKI=", communityId.compute(ip("192.168.65.3"), ip("192.168.65.1"),
                EtherTypes.PROTO_UDP, 42060, 53));
        assertEquals("1:PpyBSRmS+2VJ1i6VN2xoHEI0ljc=", communityId.compute(ip("192.168.65.3"), ip("104.16.125.34"),
                EtherTypes.PROTO_TCP, 46638, 443));
    }

    @Test
    void shouldReadAddressesInPlaceFromASegment() throws UnknownHostException {
        byte[] header = new byte[40];
        System.arraycopy(ip("128.232.110.120"), 0, header, 12, 4);   // IPv4 header: source at 12
        System.arraycopy(ip("66.35.250.204"), 0, header, 16, 4);     // destination at 16
        String id = new CommunityId().compute(MemorySegment.ofArray(header), 12, 16, 4, EtherTypes.PROTO_TCP, 34855,
                80);
        assertEquals("1:LQU9qZlK+B5F3KDmev6m5PMibrg=", id);
    }

    @Test
    void shouldRefuseMismatchedAddressLengthsAndBadSeeds() throws UnknownHostException {
        CommunityId communityId = new CommunityId();
        assertThrows(IllegalArgumentException.class,
                () -> communityId.compute(ip("10.0.0.1"), ip("::1"), EtherTypes.PROTO_TCP, 1, 2));
        assertThrows(IllegalArgumentException.class, () -> new CommunityId(65536));
    }

    private static String compute(CommunityId communityId, Object[] row) throws UnknownHostException {
        return communityId.compute(ip((String) row[1]), ip((String) row[2]), (int) row[0], (int) row[3],
                (int) row[4]);
    }

    private static String describe(Object[] row) {
        return row[0] + " " + row[1] + " " + row[2] + " " + row[3] + " " + row[4];
    }

    private static byte[] ip(String literal) throws UnknownHostException {
        return InetAddress.getByName(literal).getAddress();
    }
}
