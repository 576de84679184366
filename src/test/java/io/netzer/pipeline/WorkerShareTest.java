package io.netzer.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netzer.dissect.LinkType;
import io.netzer.dissect.Packet;
import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** The key that shares a file's packets among workers: symmetric in the address pair, read past the link headers. */
class WorkerShareTest {
    private static final HexFormat HEX = HexFormat.of();
    /** Ethernet: destination 02:00:00:00:00:02, source 02:00:00:00:00:01, EtherType (4 hex digits follow). */
    private static final String ETHERNET = "020000000002" + "020000000001";
    /** 802.1Q tag: TPID 8100, VLAN 42. */
    private static final String VLAN_42 = "8100" + "002a";
    /** IPv4 header without addresses: version 4, IHL 5, length 28, id 1, flags and offset, TTL 64, UDP, checksum. */
    private static final String IPV4_FIRST_FRAGMENT = "4500001c" + "00012000" + "4011" + "0000";
    /** The same datagram's second fragment: offset 8 bytes (1 unit), no more fragments; it carries no ports. */
    private static final String IPV4_LAST_FRAGMENT = "4500001c" + "00010001" + "4011" + "0000";
    /** UDP 5353 to 53, length 8, checksum 0. */
    private static final String UDP = "14e90035" + "00080000";
    /** IPv6 header without addresses: version 6, payload 8, next header UDP, hop limit 64. */
    private static final String IPV6 = "60000000" + "0008" + "11" + "40";

    @Test
    void shouldGiveBothDirectionsOfAnIpv4FlowTheSameKey() {
        String client = "0a000001";
        String server = "c0000201";
        long there = key(LinkType.ETHERNET, ETHERNET + "0800" + IPV4_FIRST_FRAGMENT + client + server + UDP);
        long back = key(LinkType.ETHERNET, ETHERNET + "0800" + IPV4_FIRST_FRAGMENT + server + client + UDP);
        assertEquals(there, back);
        assertNotEquals(0, there);
        assertNotEquals(there, key(LinkType.ETHERNET, ETHERNET + "0800" + IPV4_FIRST_FRAGMENT + client + "c0000202"
                + UDP));
    }

    @Test
    void shouldKeepEveryFragmentOfADatagramWithItsFlow() {
        String addresses = "0a000001" + "c0000201";
        assertEquals(key(LinkType.ETHERNET, ETHERNET + "0800" + IPV4_FIRST_FRAGMENT + addresses + UDP),
                key(LinkType.ETHERNET, ETHERNET + "0800" + IPV4_LAST_FRAGMENT + addresses + "00000000"));
    }

    @Test
    void shouldReadPastVlanTagsAndCookedAndLoopbackHeadersToTheSameAddresses() {
        String ip = IPV4_FIRST_FRAGMENT + "0a000001" + "c0000201" + UDP;
        long plain = key(LinkType.ETHERNET, ETHERNET + "0800" + ip);
        assertEquals(plain, key(LinkType.ETHERNET, ETHERNET + VLAN_42 + VLAN_42 + "0800" + ip));
        // Linux cooked v1: packet type 0, ARPHRD_ETHER, address length 6, address and padding, protocol.
        assertEquals(plain, key(LinkType.LINUX_SLL, "0000" + "0001" + "0006" + "020000000001" + "0000" + "0800" + ip));
        // Linux cooked v2: protocol, reserved, interface index, ARPHRD_ETHER, packet type, address length, address.
        assertEquals(plain, key(LinkType.LINUX_SLL2, "0800" + "0000" + "00000002" + "0001" + "00" + "06"
                + "0200000000010000" + ip));
        // BSD loopback: AF_INET (2) in the writer's little-endian order.
        assertEquals(plain, key(LinkType.NULL, "02000000" + ip));
        assertEquals(plain, key(LinkType.RAW, ip));
        // MPLS: one label (16), bottom of stack, TTL 64.
        assertEquals(plain, key(LinkType.ETHERNET, ETHERNET + "8847" + "00010140" + ip));
    }

    @Test
    void shouldGiveBothDirectionsOfAnIpv6FlowTheSameKey() {
        String client = "20010db8000000000000000000000001";
        String server = "20010db8000000000000000000000102";
        long there = key(LinkType.ETHERNET, ETHERNET + "86dd" + IPV6 + client + server + UDP);
        assertEquals(there, key(LinkType.ETHERNET, ETHERNET + "86dd" + IPV6 + server + client + UDP));
        assertNotEquals(there, key(LinkType.ETHERNET, ETHERNET + "86dd" + IPV6 + client
                + "20010db8000000000000000000000103" + UDP));
    }

    @Test
    void shouldSendWhatHasNoAddressPairToWorkerZero() {
        // ARP request: Ethernet, IPv4, lengths 6 and 4, request, sender and target.
        String arp = ETHERNET + "0806" + "0001" + "0800" + "06" + "04" + "0001" + "020000000001" + "0a000001"
                + "000000000000" + "0a000002";
        String cut = ETHERNET + "0800" + IPV4_FIRST_FRAGMENT + "0a000001" + "c002";
        for (String frame : new String[] {arp, cut, ETHERNET.substring(0, 10), ETHERNET + VLAN_42.substring(0, 6)}) {
            for (int count = 1; count <= 4; count++) {
                assertEquals(0, new WorkerShare(0, count).workerOf(packet(LinkType.ETHERNET, frame)), frame);
            }
        }
        assertEquals(0, key(LinkType.ETHERNET, arp));
    }

    @Test
    void shouldSendEveryFrameCutBeforeItsSecondAddressEndsToWorkerZeroWithoutThrowing() {
        String ip6 = IPV6 + "20010db8000000000000000000000001" + "20010db8000000000000000000000102";
        String[][] frames = {
            {"1", ETHERNET + VLAN_42 + "86dd" + ip6},
            {"1", ETHERNET + "8864" + "1100" + "0001" + "002a" + "0057" + ip6},
            {"1", ETHERNET + "8847" + "00010140" + ip6},
            {"113", "0000" + "0001" + "0006" + "020000000001" + "0000" + "86dd" + ip6},
            {"0", "1e000000" + ip6},
            {"9", "0057" + ip6},
        };
        for (String[] frame : frames) {
            int linkType = Integer.parseInt(frame[0]);
            assertNotEquals(0, key(linkType, frame[1]), frame[1]);
            for (int cut = 0; cut < frame[1].length(); cut += 2) {
                assertEquals(0, key(linkType, frame[1].substring(0, cut)), frame[1] + " cut at " + cut / 2);
            }
        }
    }

    @Test
    void shouldGiveEachPacketToExactlyOneWorkerAndSpreadAddressPairs() {
        int[] perWorker = new int[3];
        for (int host = 1; host <= 3000; host++) {
            Packet packet = packet(LinkType.ETHERNET, ETHERNET + "0800" + IPV4_FIRST_FRAGMENT
                    + "0a00%04x".formatted(host) + "c0000201" + UDP);
            int owners = 0;
            for (int worker = 0; worker < 3; worker++) {
                if (new WorkerShare(worker, 3).owns(packet)) {
                    owners++;
                    perWorker[worker]++;
                }
            }
            assertEquals(1, owners);
        }
        for (int count : perWorker) {
            assertTrue(count > 900 && count < 1100, Arrays.toString(perWorker));
        }
    }

    @Test
    void shouldRefuseAnIndexOutsideTheWorkers() {
        assertThrows(IllegalArgumentException.class, () -> new WorkerShare(2, 2));
        assertThrows(IllegalArgumentException.class, () -> new WorkerShare(-1, 2));
        assertThrows(IllegalArgumentException.class, () -> new WorkerShare(0, 0));
    }

    private static long key(int linkType, String hex) {
        return new WorkerShare(0, 1).key(packet(linkType, hex));
    }

    private static Packet packet(int linkType, String hex) {
        byte[] bytes = HEX.parseHex(hex);
        return new Packet().wrap(MemorySegment.ofArray(bytes), 0, bytes.length, bytes.length, 0, linkType, 0, 1);
    }
}
