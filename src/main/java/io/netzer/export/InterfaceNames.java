package io.netzer.export;

/** Resolves a source's interface number to the name events carry in {@code observer.ingress.interface.name}. */
@FunctionalInterface
public interface InterfaceNames {
    /** The interface's name, or null when the source does not know it. */
    String interfaceName(int interfaceIndex);
}
