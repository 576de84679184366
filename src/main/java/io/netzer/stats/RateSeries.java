package io.netzer.stats;

/**
 * The last {@code capacity} seconds of a per-second rate, as a ring: the sampler appends once a second, readers
 * take a copy in time order. One writer (the sampler); {@link #copy} is called by that same thread.
 */
public final class RateSeries {
    private final double[] values;
    private int next;
    private int size;

    /** A series of {@code capacity} seconds. */
    public RateSeries(int capacity) {
        values = new double[capacity];
    }

    /** Appends the newest value, forgetting the oldest once full. */
    public void add(double value) {
        values[next] = value;
        next = (next + 1) % values.length;
        size = Math.min(size + 1, values.length);
    }

    /** The values held, oldest first. */
    public double[] copy() {
        double[] out = new double[size];
        int start = (next - size + values.length) % values.length;
        for (int i = 0; i < size; i++) {
            out[i] = values[(start + i) % values.length];
        }
        return out;
    }

    /** The newest value, 0 when empty. */
    public double last() {
        return size == 0 ? 0 : values[(next - 1 + values.length) % values.length];
    }
}
