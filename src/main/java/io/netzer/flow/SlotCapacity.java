package io.netzer.flow;

/**
 * An owner of per-flow state in arrays indexed by a {@link FlowTable}'s slot, told by the table how many slots
 * exist: once when it registers ({@link FlowTable#register}) and again each time the table grows, before a new
 * slot is handed out. So an owner grows its arrays in one place, and nothing on the packet path checks a slot
 * against an array's length.
 */
@FunctionalInterface
public interface SlotCapacity {
    /**
     * The table now has {@code slots} slots: every flow slot is below it. The owner grows its arrays to cover them
     * (never shrinks them). Called on the worker's thread; allocating here is fine (the table grows by doubling).
     */
    void capacityChanged(int slots);
}
