package io.netzer.export;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.foreign.MemorySegment;
import java.net.InetAddress;
import java.net.UnknownHostException;
import org.junit.jupiter.api.Test;

/** Address text: RFC 5952 for IPv6 (with inet_ntop's dotted tail), dotted quads, MACs, decimals, hex. */
class AddressFormatTest {
    private final char[] text = new char[64];

    @Test
    void shouldWriteIpv6AsRfc5952Says() throws UnknownHostException {
        assertEquals("2001:db8::1", ipv6("2001:0db8:0000:0000:0000:0000:0000:0001")); // 4.1 no leading zeros, 4.2.1
        assertEquals("2001:db8:0:1:1:1:1:1", ipv6("2001:db8:0:1:1:1:1:1")); // 4.2.2: one 16-bit 0 field is kept
        assertEquals("2001:db8::1:0:0:1", ipv6("2001:db8:0:0:1:0:0:1")); // 4.2.3: the first of two equal runs
        assertEquals("2001:db8:0:0:1::", ipv6("2001:db8:0:0:1:0:0:0")); // 4.2.3: the longest run
        assertEquals("2001:db8::a:b", ipv6("2001:DB8::A:B")); // 4.3: lowercase
        assertEquals("::", ipv6("::"));
        assertEquals("::1", ipv6("::1"));
        assertEquals("1::", ipv6("1:0:0:0:0:0:0:0"));
        assertEquals("fe80::1:2:3:4", ipv6("fe80:0:0:0:1:2:3:4"));
        assertEquals("1:2:3:4:5:6:7:8", ipv6("1:2:3:4:5:6:7:8"));
    }

    @Test
    void shouldEndMappedAndCompatibleAddressesInDottedDecimalAsInetNtop() throws UnknownHostException {
        assertEquals("::ffff:192.0.2.1", ipv6("::ffff:c000:201")); // IPv4-mapped, RFC 5952 section 5
        assertEquals("::192.0.2.1", ipv6("::c000:201")); // IPv4-compatible (deprecated, as glibc writes it)
        assertEquals("::ffff:0:c000:201", ipv6("::ffff:0:c000:201")); // SIIT: not mapped
    }

    @Test
    void shouldWriteIpv4MacDecimalAndHex() {
        assertEquals("0.0.0.0", new String(text, 0, AddressFormat.ipv4(0, text, 0)));
        assertEquals("255.255.255.255", new String(text, 0, AddressFormat.ipv4(-1, text, 0)));
        assertEquals("192.0.2.10", new String(text, 0, AddressFormat.ipv4(0xc000020a, text, 0)));
        assertEquals("192.0.2.10", new String(text, 0,
                AddressFormat.ip(new byte[] {0, (byte) 192, 0, 2, 10}, 1, 4, text, 0)));
        assertEquals("00:1b:21:0a:ff:01", new String(text, 0, AddressFormat.mac(0x001b210aff01L, text, 0)));
        assertEquals("0", new String(text, 0, AddressFormat.decimal(0, text, 0)));
        assertEquals("9223372036854775807", new String(text, 0, AddressFormat.decimal(Long.MAX_VALUE, text, 0)));
        assertEquals("86dd", new String(text, 0, AddressFormat.hex(0x86dd, 4, text, 0)));
        assertEquals("000a", new String(text, 0, AddressFormat.hex(0xa, 4, text, 0)));
    }

    @Test
    void shouldWriteAtThePositionGiven() {
        text[0] = '[';
        int end = AddressFormat.ipv4(0x7f000001, text, 1);
        assertEquals("[127.0.0.1", new String(text, 0, end));
    }

    private String ipv6(String literal) throws UnknownHostException {
        byte[] bytes = InetAddress.getByName(literal).getAddress();
        if (bytes.length == 4) {
            // The JDK turns a mapped literal into an Inet4Address: put the ::ffff: prefix back.
            byte[] mapped = new byte[16];
            mapped[10] = (byte) 0xff;
            mapped[11] = (byte) 0xff;
            System.arraycopy(bytes, 0, mapped, 12, 4);
            bytes = mapped;
        }
        return new String(text, 0, AddressFormat.ipv6(MemorySegment.ofArray(bytes), 0, text, 0));
    }
}
