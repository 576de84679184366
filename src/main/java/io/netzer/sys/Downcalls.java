package io.netzer.sys;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.invoke.MethodHandle;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The one place that links downcalls into libc, and the record of every descriptor it linked.
 *
 * <p>A native image (GraalVM, Mandrel) generates each downcall stub ahead of time, so it must be told every
 * descriptor and linker option pair: they are listed in
 * {@code META-INF/native-image/io.netzer/netzer/reachability-metadata.json}. The record kept here is what a test
 * compares that file with, so a binding added without its entry fails the build rather than the native executable.
 */
public final class Downcalls {
    private static final Linker LINKER = Linker.nativeLinker();
    private static final List<Downcall> LINKED = new CopyOnWriteArrayList<>();

    /** A linked function: its name, descriptor and linker options. */
    public record Downcall(String name, FunctionDescriptor descriptor, List<Linker.Option> options) {
    }

    private Downcalls() {
    }

    /** Looks {@code name} up in libc and links it; fails if libc has no such function. */
    static MethodHandle link(String name, FunctionDescriptor descriptor, Linker.Option... options) {
        LINKED.add(new Downcall(name, descriptor, List.of(options)));
        return LINKER.downcallHandle(LINKER.defaultLookup().findOrThrow(name), descriptor, options);
    }

    /** Every downcall linked so far, in order (the classes that link are loaded by then). */
    public static List<Downcall> linked() {
        return List.copyOf(LINKED);
    }
}
