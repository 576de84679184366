package io.netzer.filter;

import io.netzer.filter.Ast.Node;

/**
 * Compiles tcpdump filter expressions (pcap-filter(7)) to classic BPF in-process: parse, generate code for
 * the link type, optimize, lay out. Cold path; thread-safe (no shared mutable state).
 */
public final class FilterCompiler {
    private FilterCompiler() {
    }

    /**
     * Compiles {@code expression} for packets of {@code linkType} (a LINKTYPE_ value: 0 BSD loopback,
     * 1 Ethernet, 12/14/101 raw IP, 113 Linux cooked v1, 276 Linux cooked v2). An empty expression accepts
     * every packet.
     *
     * @throws FilterSyntaxException    when the expression is malformed, names something unknown, uses a
     *                                  construct invalid for the link type, can match no packet at all, or
     *                                  needs more than 4096 instructions
     * @throws IllegalArgumentException when the link type is not supported
     */
    public static BpfProgram compile(String expression, int linkType, CompileOptions options) {
        CodeGenerator generator = new CodeGenerator(linkType, options);
        Node tree = Parser.parse(expression);
        Pred predicate = tree == null ? Pred.TRUE : generator.generate(tree);
        FlowGraph graph = FlowGraph.build(predicate, generator.prologue(), options.snaplen());
        Optimizer.optimize(graph);
        BpfProgram program = Assembler.assemble(graph);
        if (program.length() == 1 && program.k(0) == 0) {
            // tcpdump refuses such a filter rather than silently capturing nothing; so do we
            throw new FilterSyntaxException(1, "expression rejects all packets");
        }
        program.validate();
        return program;
    }
}
