package io.netzer.filter;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * What the jumps taken so far prove about values ({@link SymbolicValue}s, not registers, so the knowledge
 * survives reloads): an unsigned range, excluded values, bits known clear and bit sets known to intersect.
 * Immutable; the optimizer threads jumps whose outcome these facts decide.
 */
final class Facts {
    private static final long MAX = 0xffffffffL;
    static final Facts NONE = new Facts(Map.of());

    /** Knowledge about one value. */
    private record Fact(long low, long high, Set<Long> excluded, long clearBits, Set<Long> anyBitSet) {
        static final Fact UNKNOWN = new Fact(0, MAX, Set.of(), 0, Set.of());

        Fact meet(Fact other) {
            Set<Long> excludedBoth = new HashSet<>(excluded);
            excludedBoth.retainAll(other.excluded);
            Set<Long> anyBoth = new HashSet<>(anyBitSet);
            anyBoth.retainAll(other.anyBitSet);
            return new Fact(Math.min(low, other.low), Math.max(high, other.high), Set.copyOf(excludedBoth),
                    clearBits & other.clearBits, Set.copyOf(anyBoth));
        }
    }

    private final Map<SymbolicValue, Fact> facts;

    private Facts(Map<SymbolicValue, Fact> facts) {
        this.facts = facts;
    }

    /** Facts holding on both paths. */
    Facts meet(Facts other) {
        Map<SymbolicValue, Fact> both = new HashMap<>();
        for (Map.Entry<SymbolicValue, Fact> entry : facts.entrySet()) {
            Fact theirs = other.facts.get(entry.getKey());
            if (theirs != null) {
                both.put(entry.getKey(), entry.getValue().meet(theirs));
            }
        }
        return new Facts(both);
    }

    /** Whether some fact mentions the value, which proves every path here has computed it. */
    boolean mentions(SymbolicValue value) {
        return facts.containsKey(value);
    }

    /** These facts plus the outcome {@code taken} of {@code value op k} (op a BPF jump operation). */
    Facts with(SymbolicValue value, int op, long k, boolean taken) {
        if (value instanceof SymbolicValue.Const) {
            return this;
        }
        Fact f = facts.getOrDefault(value, Fact.UNKNOWN);
        long low = f.low();
        long high = f.high();
        Set<Long> excluded = f.excluded();
        long clear = f.clearBits();
        Set<Long> any = f.anyBitSet();
        switch (op) {
            case Bpf.JEQ -> {
                if (taken) {
                    low = k;
                    high = k;
                } else {
                    excluded = plus(excluded, k);
                }
            }
            case Bpf.JGT -> {
                if (taken) {
                    low = Math.max(low, k + 1);
                } else {
                    high = Math.min(high, k);
                }
            }
            case Bpf.JGE -> {
                if (taken) {
                    low = Math.max(low, k);
                } else {
                    high = Math.min(high, k - 1);
                }
            }
            default -> {
                if (taken) {
                    any = plus(any, k);
                } else {
                    clear |= k;
                }
            }
        }
        Map<SymbolicValue, Fact> copy = new HashMap<>(facts);
        copy.put(value, new Fact(low, high, excluded, clear, any));
        return new Facts(copy);
    }

    private static Set<Long> plus(Set<Long> set, long value) {
        Set<Long> result = new HashSet<>(set);
        result.add(value);
        return Set.copyOf(result);
    }

    /** TRUE or FALSE when the facts decide {@code value op k}, null when they do not. */
    Boolean decide(SymbolicValue value, int op, long k) {
        if (value instanceof SymbolicValue.Const constant) {
            long v = constant.value() & MAX;
            return switch (op) {
                case Bpf.JEQ -> v == k;
                case Bpf.JGT -> v > k;
                case Bpf.JGE -> v >= k;
                default -> (v & k) != 0;
            };
        }
        Fact f = facts.get(value);
        if (f == null) {
            return null;
        }
        if (f.low() == f.high()) {
            return decide(new SymbolicValue.Const((int) f.low()), op, k);
        }
        return switch (op) {
            case Bpf.JEQ -> k < f.low() || k > f.high() || f.excluded().contains(k) || (k & f.clearBits()) != 0
                    ? Boolean.FALSE : null;
            case Bpf.JGT -> f.low() > k ? Boolean.TRUE : f.high() <= k ? Boolean.FALSE : null;
            case Bpf.JGE -> f.low() >= k ? Boolean.TRUE : f.high() < k ? Boolean.FALSE : null;
            default -> {
                if ((k & ~f.clearBits()) == 0) {
                    yield Boolean.FALSE;
                }
                boolean covered = f.anyBitSet().stream().anyMatch(bits -> (bits & ~k) == 0);
                yield covered ? Boolean.TRUE : null;
            }
        };
    }
}
