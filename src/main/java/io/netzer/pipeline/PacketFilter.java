package io.netzer.pipeline;

import io.netzer.dissect.Packet;
import io.netzer.filter.BpfInterpreter;
import io.netzer.filter.CompileOptions;
import io.netzer.filter.FilterCompiler;
import io.netzer.filter.FilterSyntaxException;
import java.util.HashMap;
import java.util.Map;

/**
 * A filter expression run in-process by the classic BPF interpreter, for sources whose kernel does not filter
 * (files, and {@code any}, whose cooked headers the kernel never sees). A pcapng file may mix link types: the
 * expression is compiled once per link type, when the first packet of that type arrives (a cold path taken a
 * handful of times per file); a link type the expression cannot be compiled for rejects its packets, counted.
 */
public final class PacketFilter {
    private final String expression;
    private final CompileOptions options;
    private final Map<Integer, BpfInterpreter> interpreters = new HashMap<>();
    private int currentLinkType;
    private BpfInterpreter current;
    private long uncompilable;

    private PacketFilter(String expression, CompileOptions options, int linkType, BpfInterpreter first) {
        this.expression = expression;
        this.options = options;
        this.currentLinkType = linkType;
        this.current = first;
        interpreters.put(linkType, first);
    }

    /**
     * Compiles {@code expression} for the source's first link type.
     *
     * @throws FilterSyntaxException when the expression is malformed or cannot apply to {@code linkType}
     */
    public static PacketFilter compile(String expression, int linkType, CompileOptions options) {
        return new PacketFilter(expression, options, linkType,
                new BpfInterpreter(FilterCompiler.compile(expression, linkType, options)));
    }

    /** Whether the packet passes the filter. */
    public boolean accepts(Packet packet) {
        if (packet.linkType() != currentLinkType) {
            switchLinkType(packet.linkType());
        }
        if (current == null) {
            uncompilable++;
            return false;
        }
        // BPF's length is a 32-bit register, as in the kernel: the same 32 bits, compared unsigned by the program
        return current.run(packet.segment(), packet.offset(), packet.capturedLength(),
                (int) packet.wireLength()) != 0;
    }

    private void switchLinkType(int linkType) {
        currentLinkType = linkType;
        current = interpreters.computeIfAbsent(linkType, type -> {
            try {
                return new BpfInterpreter(FilterCompiler.compile(expression, type, options));
            } catch (IllegalArgumentException e) {
                return null;
            }
        });
    }

    /** Packets rejected because the expression does not compile for their link type. */
    public long uncompilable() {
        return uncompilable;
    }
}
