package io.netzer.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** {@code observer.hostname}: the kernel's host name, read once (no DNS lookup). */
final class Hostname {
    private static final String NAME = read();

    private Hostname() {
    }

    static String get() {
        return NAME;
    }

    private static String read() {
        try {
            return Files.readString(Path.of("/proc/sys/kernel/hostname")).strip();
        } catch (IOException e) {
            return "localhost";
        }
    }
}
