package io.netzer.flow;

import java.util.Arrays;

/**
 * Doubly linked lists of table slots over two int arrays: each slot is in at most one list at a time. Appending
 * and unlinking are O(1), so a list kept in time order has its oldest slot at the head.
 */
final class SlotLists {
    /** No slot. */
    static final int NONE = -1;

    private final int[] heads;
    private final int[] tails;
    private int[] previous = new int[0];
    private int[] next = new int[0];

    SlotLists(int lists) {
        heads = new int[lists];
        tails = new int[lists];
        Arrays.fill(heads, NONE);
        Arrays.fill(tails, NONE);
    }

    /** Makes room for slots below {@code capacity}. */
    void grow(int capacity) {
        previous = Arrays.copyOf(previous, capacity);
        next = Arrays.copyOf(next, capacity);
    }

    int head(int list) {
        return heads[list];
    }

    int next(int slot) {
        return next[slot];
    }

    void append(int list, int slot) {
        previous[slot] = tails[list];
        next[slot] = NONE;
        if (tails[list] == NONE) {
            heads[list] = slot;
        } else {
            next[tails[list]] = slot;
        }
        tails[list] = slot;
    }

    void unlink(int list, int slot) {
        int before = previous[slot];
        int after = next[slot];
        if (before == NONE) {
            heads[list] = after;
        } else {
            next[before] = after;
        }
        if (after == NONE) {
            tails[list] = before;
        } else {
            previous[after] = before;
        }
    }

    /** Moves {@code slot} to the tail of {@code list}, where it already is. */
    void moveToTail(int list, int slot) {
        if (tails[list] != slot) {
            unlink(list, slot);
            append(list, slot);
        }
    }
}
