package io.netzer.flow;

/**
 * The open-addressing index of a {@link FlowTable}: slot numbers by key hash, linear probing, at most half full,
 * and backward-shift deletion, so no tombstone is ever left and probe runs stay short under churn. Each entry
 * keeps its hash beside its slot, so a probe touches the table's arrays only when the hashes match.
 */
final class FlowIndex {
    /** The end of a probe run. */
    static final int NONE = -1;

    private int[] slots = new int[0];
    private int[] hashes = new int[0];
    private int mask = -1;

    /** Makes room for {@code flows} entries, keeping those present. */
    void resize(int flows) {
        int length = Integer.highestOneBit(Math.max(flows, 2) * 2 - 1) << 1;
        int[] oldSlots = slots;
        int[] oldHashes = hashes;
        slots = new int[length];
        hashes = new int[length];
        mask = length - 1;
        for (int i = 0; i < oldSlots.length; i++) {
            if (oldSlots[i] != 0) {
                insert(oldSlots[i] - 1, oldHashes[i]);
            }
        }
    }

    /** Where the probe run of {@code hash} starts. */
    int home(int hash) {
        return hash & mask;
    }

    /** The position after {@code position} in a probe run. */
    int after(int position) {
        return (position + 1) & mask;
    }

    /** The slot at {@code position}, or {@link #NONE} at the end of a probe run. */
    int slotAt(int position) {
        return slots[position] - 1;
    }

    /** The hash of the entry at {@code position}. */
    int hashAt(int position) {
        return hashes[position];
    }

    void insert(int slot, int hash) {
        int i = home(hash);
        while (slots[i] != 0) {
            i = after(i);
        }
        slots[i] = slot + 1;
        hashes[i] = hash;
    }

    /** Removes {@code slot}; later entries of its probe run move up into the hole. */
    void remove(int slot, int hash) {
        int hole = home(hash);
        while (slots[hole] != slot + 1) {
            hole = after(hole);
        }
        for (int j = after(hole); slots[j] != 0; j = after(j)) {
            int entryHome = home(hashes[j]);
            // The entry at j may fill the hole unless its home lies cyclically in (hole, j].
            boolean stays = hole <= j ? hole < entryHome && entryHome <= j : hole < entryHome || entryHome <= j;
            if (!stays) {
                slots[hole] = slots[j];
                hashes[hole] = hashes[j];
                hole = j;
            }
        }
        slots[hole] = 0;
    }
}
