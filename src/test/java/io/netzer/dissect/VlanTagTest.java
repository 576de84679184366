package io.netzer.dissect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.MemorySegment;
import org.junit.jupiter.api.Test;

class VlanTagTest {
    private final VlanTag tag = new VlanTag();

    @Test
    void shouldReadPriorityVlanIdAndEtherType() {
        MemorySegment bytes = Bytes.bytes()
                .u16(0xa064)  // TCI: PCP 5, DEI 0, VLAN id 100
                .u16(0x0800)  // encapsulated EtherType: IPv4
                .segment();

        assertEquals(4, tag.wrap(bytes, 0, 4));
        assertEquals(5, tag.priority());
        assertEquals(100, tag.vlanId());
        assertEquals(0x0800, tag.etherType());
    }

    @Test
    void shouldWidenEveryBitSet() {
        MemorySegment bytes = Bytes.bytes()
                .u16(0xffff)  // TCI: PCP 7, DEI 1, VLAN id 4095
                .u16(0x86dd)  // encapsulated EtherType: IPv6, above 32767
                .segment();

        tag.wrap(bytes, 0, 4);

        assertEquals(7, tag.priority());
        assertEquals(4095, tag.vlanId());
        assertEquals(0x86dd, tag.etherType());
    }

    @Test
    void shouldKeepTheDropEligibleBitOutOfTheVlanId() {
        MemorySegment bytes = Bytes.bytes()
                .u16(0x1001)  // TCI: PCP 0, DEI 1, VLAN id 1
                .u16(0x8100)  // encapsulated EtherType: another 802.1Q tag
                .segment();

        tag.wrap(bytes, 0, 4);

        assertEquals(0, tag.priority());
        assertEquals(1, tag.vlanId());
        assertEquals(0x8100, tag.etherType());
    }

    @Test
    void shouldReadATagAtAnOffset() {
        MemorySegment bytes = Bytes.bytes()
                .u16(0x0fa0)  // TCI: PCP 0, DEI 0, VLAN id 4000
                .u16(0x0806)  // encapsulated EtherType: ARP
                .segmentAt(14);

        assertEquals(4, tag.wrap(bytes, 14, 4));
        assertEquals(4000, tag.vlanId());
        assertEquals(0x0806, tag.etherType());
    }

    @Test
    void shouldKnowTheThreeTagProtocolIdentifiers() {
        assertTrue(VlanTag.isTagType(0x8100));
        assertTrue(VlanTag.isTagType(0x88a8));
        assertTrue(VlanTag.isTagType(0x9100));
        assertFalse(VlanTag.isTagType(0x0800));
        assertFalse(VlanTag.isTagType(0x86dd));
        assertFalse(VlanTag.isTagType(0x8847));
    }

    @Test
    void shouldReportATagCutAfterThreeBytes() {
        MemorySegment bytes = Bytes.bytes()
                .u16(0x0064)  // TCI: VLAN id 100
                .u8(0x08)     // first byte of the EtherType: the capture ends here
                .segment();

        assertEquals(DecodeStatus.TRUNCATED_VLAN_TAG.code(), tag.wrap(bytes, 0, 3));
    }

    @Test
    void shouldReportAMissingTagAsTruncated() {
        assertEquals(DecodeStatus.TRUNCATED_VLAN_TAG.code(), tag.wrap(MemorySegment.ofArray(new byte[0]), 0, 0));
    }
}
