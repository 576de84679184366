package io.netzer.cli;

import io.netzer.filter.BpfDumper;
import io.netzer.filter.CompileOptions;
import io.netzer.filter.FilterCompiler;
import io.netzer.pipeline.PacketFilter;
import java.io.IOException;
import java.nio.file.Files;
import java.util.function.Supplier;

/**
 * The filter expression of a run: from the trailing arguments or {@code -F FILE} (tcpdump's habits), compiled
 * for the link type in use. A bad expression is bad usage: {@code netzer: filter: column 6: ...}, exit 2.
 */
final class FilterOptions {
    private FilterOptions() {
    }

    /** The expression, or null when none was given. */
    static String expression(NetzerCommand options) {
        String expression;
        if (options.filterFile != null) {
            if (!options.filter.isEmpty()) {
                throw new UsageException("-F reads the filter from a file: give no filter expression as well");
            }
            try {
                expression = Files.readString(options.filterFile);
            } catch (IOException e) {
                throw new UsageException("-F " + options.filterFile + ": cannot read the filter file ("
                        + e.getMessage() + ")");
            }
        } else {
            expression = String.join(" ", options.filter);
        }
        return expression.isBlank() ? null : expression;
    }

    /** The in-process filter for a source whose first link type is {@code linkType}. */
    static PacketFilter inProcess(String expression, int linkType, CompileOptions compileOptions) {
        return usage(() -> PacketFilter.compile(expression, linkType, compileOptions));
    }

    /** The program for the kernel, as {@code {code, jt, jf, k}} quadruples. */
    static int[] forKernel(String expression, int linkType, CompileOptions compileOptions) {
        return usage(() -> FilterCompiler.compile(expression, linkType, compileOptions)).toQuadruples();
    }

    /** {@code -d}, {@code -dd}, {@code -ddd}: the compiled program in tcpdump's formats. */
    static String dump(String expression, int linkType, CompileOptions compileOptions, int level) {
        String text = expression == null ? "" : expression;
        return BpfDumper.dump(usage(() -> FilterCompiler.compile(text, linkType, compileOptions)), level);
    }

    private static <T> T usage(Supplier<T> compile) {
        try {
            return compile.get();
        } catch (IllegalArgumentException e) {
            throw new UsageException("filter: " + e.getMessage());
        }
    }
}
