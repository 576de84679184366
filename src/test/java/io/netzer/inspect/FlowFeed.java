package io.netzer.inspect;

import io.netzer.flow.FlowConfig;
import io.netzer.flow.FlowTable;

/**
 * Test helper: the flow table an inspector is attached to, which sees each packet before the inspector does, as in
 * the flow stage, so that events read their flow's endpoints from the table. A test names its flows by slot,
 * started in order from 0, each with addresses and ports of its own.
 */
final class FlowFeed {
    private final FlowTable table = new FlowTable(FlowConfig.defaults());

    /** Attaches {@code inspector} to the feed's table. */
    FlowFeed(AppInspector inspector) {
        inspector.attach(table);
    }

    /**
     * Counts the packet of {@code raw} in the table (a new flow for a new key), then hands it to {@code inspector}
     * as flow {@code slot} in the direction the table found.
     *
     * @throws IllegalStateException when the table holds the packet's flow in another slot
     */
    void packet(AppInspector inspector, RawPackets raw, int slot) {
        int found = table.lookup(raw.dissector());
        if (found == FlowTable.NOT_FOUND) {
            found = table.create(raw.packet(), raw.dissector());
        }
        if (FlowTable.slot(found) != slot) {
            throw new IllegalStateException("flow of slot " + slot + " is in slot " + FlowTable.slot(found));
        }
        table.update(slot, FlowTable.direction(found), raw.packet(), raw.dissector());
        inspector.packet(raw.packet(), raw.dissector(), slot, FlowTable.direction(found));
    }
}
