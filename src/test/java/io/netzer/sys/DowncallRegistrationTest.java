package io.netzer.sys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.lang.foreign.AddressLayout;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every downcall the code links is registered for native images, and nothing registered is stale: the
 * {@code foreign.downcalls} section of the reachability metadata equals the descriptors {@link Downcalls} recorded
 * once the classes that link are loaded.
 */
class DowncallRegistrationTest {
    private static final String METADATA = "/META-INF/native-image/io.netzer/netzer/reachability-metadata.json";
    /** The canonical C type names native-image resolves through {@code Linker.canonicalLayouts()} on Linux/x64. */
    private static final Map<MemoryLayout, String> CANONICAL = Map.of(ValueLayout.JAVA_INT, "int",
            ValueLayout.JAVA_LONG, "long", ValueLayout.ADDRESS, "void*");

    @Test
    void shouldRegisterEveryLinkedDescriptorAndNothingElse() throws Exception {
        initializeEveryClassOfThisPackage(); // the bindings link their handles in static initializers
        Map<String, List<String>> linked = new LinkedHashMap<>();
        for (Downcalls.Downcall downcall : Downcalls.linked()) {
            linked.computeIfAbsent(entry(downcall), key -> new ArrayList<>()).add(downcall.name());
        }
        assertTrue(linked.values().stream().flatMap(List::stream).toList().containsAll(
                List.of("socket", "mmap", "epoll_wait", "prctl", "setresuid", "strerror")), "linked: " + linked);

        Set<String> registered = registered();
        List<String> missing = new ArrayList<>();
        linked.forEach((entry, names) -> {
            if (!registered.contains(entry)) {
                missing.add(names + ": " + entry);
            }
        });
        Set<String> stale = new LinkedHashSet<>(registered);
        stale.removeAll(linked.keySet());
        if (!missing.isEmpty() || !stale.isEmpty()) {
            fail("src/main/resources" + METADATA + " must list every downcall (native-image generates their stubs"
                    + " ahead of time).\nAdd: " + String.join("\n     ", missing) + "\nRemove: " + stale);
        }
    }

    /** Downcalls.link and Libc's helpers are package-private: only classes of io.netzer.sys can link. */
    private static void initializeEveryClassOfThisPackage() throws Exception {
        Path classes = Path.of(Downcalls.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                .resolve("io/netzer/sys");
        try (Stream<Path> files = Files.list(classes)) {
            for (Path file : files.filter(path -> path.toString().endsWith(".class")).toList()) {
                String name = file.getFileName().toString();
                Class.forName("io.netzer.sys." + name.substring(0, name.length() - ".class".length()), true,
                        DowncallRegistrationTest.class.getClassLoader());
            }
        }
    }

    @Test
    void shouldLinkOnlyThroughDowncalls() throws IOException {
        List<String> bypassing = new ArrayList<>();
        try (Stream<Path> sources = Files.walk(Path.of("src/main/java"))) {
            for (Path source : sources.filter(path -> path.toString().endsWith(".java")).toList()) {
                String text = Files.readString(source);
                if ((text.contains("downcallHandle(") || text.contains("upcallStub("))
                        && !source.endsWith(Path.of("io/netzer/sys/Downcalls.java"))) {
                    bypassing.add(source.toString());
                }
            }
        }
        assertEquals(List.of(), bypassing, "link through Downcalls.link, which records what native images need");
    }

    @Test
    void shouldUseCanonicalLayoutsOfThisPlatform() {
        Map<String, MemoryLayout> canonical = Linker.nativeLinker().canonicalLayouts();
        CANONICAL.forEach((layout, name) -> assertEquals(layout.withoutName(), canonical.get(name).withoutName(),
                name));
    }

    /** The metadata entry for one downcall, as {@link #key} writes it. */
    private static String entry(Downcalls.Downcall downcall) {
        FunctionDescriptor descriptor = downcall.descriptor();
        Map<String, Object> options = new TreeMap<>();
        for (Linker.Option option : downcall.options()) {
            if (option.equals(Errno.CAPTURE)) {
                options.put("captureCallState", true);
            } else if (option.toString().contains("FirstVariadicArg")) {
                options.put("firstVariadicArg", firstVariadicArg(option));
            } else {
                fail(downcall.name() + ": teach this test the option " + option);
            }
        }
        return key(descriptor.returnLayout().map(DowncallRegistrationTest::canonical).orElse("void"),
                descriptor.argumentLayouts().stream().map(DowncallRegistrationTest::canonical).toList(), options);
    }

    /** One entry as text that compares equal when the entries are: fixed field order, options sorted. */
    private static String key(String returnType, List<String> parameterTypes, Map<String, Object> options) {
        return returnType + "(" + String.join(", ", parameterTypes) + ")" + (options.isEmpty() ? "" : " " + options);
    }

    private static String canonical(MemoryLayout layout) {
        MemoryLayout plain = layout instanceof AddressLayout address ? address.withoutTargetLayout() : layout;
        String name = CANONICAL.get(plain.withoutName());
        if (name == null) {
            fail("no canonical C type for " + layout + ": add it to CANONICAL");
        }
        return name;
    }

    /** Linker.Option has no accessor: its record's toString is {@code FirstVariadicArg[index=N]}. */
    private static int firstVariadicArg(Linker.Option option) {
        String text = option.toString();
        return Integer.parseInt(text.replaceAll("\\D+", ""));
    }

    private static Set<String> registered() throws IOException {
        ObjectMapper mapper = new ObjectMapper();
        try (InputStream in = DowncallRegistrationTest.class.getResourceAsStream(METADATA)) {
            assertTrue(in != null, METADATA + " is not on the class path");
            Set<String> entries = new LinkedHashSet<>();
            for (JsonNode downcall : mapper.readTree(in).path("foreign").path("downcalls")) {
                List<String> parameterTypes = new ArrayList<>();
                downcall.path("parameterTypes").forEach(type -> parameterTypes.add(type.asText()));
                Map<String, Object> options = new TreeMap<>();
                downcall.path("options").properties().forEach(option -> options.put(option.getKey(),
                        option.getValue().isBoolean() ? option.getValue().asBoolean() : option.getValue().asInt()));
                String entry = key(downcall.path("returnType").asText(), parameterTypes, options);
                if (!entries.add(entry)) {
                    fail("registered twice: " + entry);
                }
            }
            return entries;
        }
    }
}
