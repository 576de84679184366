package io.netzer.deploy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netzer.testing.Tools;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;

/**
 * The native build as far as it goes without GraalVM: {@code ./mvnw package -Dnative
 * -Dquarkus.native.sources-only=true}, in a copy of the project (so that this build's target/ stays as it is),
 * writes the native-image arguments and the jar native-image would read. They must carry what FFM needs: native
 * access for the class path, the downcall registrations, and the mostly static linking the images rely on.
 */
class NativeSourcesIT {
    private static final String METADATA = "META-INF/native-image/io.netzer/netzer/reachability-metadata.json";

    @Test
    void shouldGenerateNativeImageArgumentsThatCarryWhatFfmNeeds() throws Exception {
        Path home = Path.of(System.getProperty("netzer.home", ".")).toAbsolutePath();
        Path copy = home.resolve("target/native-sources-build");
        Tools.run("rm", "-rf", copy.toString());
        Files.createDirectories(copy.resolve("src"));
        for (String item : List.of("pom.xml", "mvnw", ".mvn", "src/main")) {
            Tools.Result copied = Tools.run("cp", "-r", home.resolve(item).toString(),
                    copy.resolve(item).getParent().toString());
            assertEquals(0, copied.exitCode(), "cp " + item + ": " + copied.stderr());
        }
        Tools.Result build = Tools.run("env", "JAVA_HOME=" + System.getProperty("java.home"), "sh", "-c",
                "cd '" + copy + "' && ./mvnw -B -q package -Dnative -Dquarkus.native.sources-only=true -DskipTests");
        assertEquals(0, build.exitCode(), "native sources build: " + build.stdout() + build.stderr());

        Path sources = copy.resolve("target/native-sources");
        List<String> args = Arrays.asList(Files.readString(sources.resolve("native-image.args")).strip()
                .split("\\s+"));
        assertTrue(args.contains("--enable-native-access=ALL-UNNAMED"), "FFM native access: " + args);
        assertTrue(args.contains("--static-nolibc"), "mostly static (glibc only dynamic): " + args);
        assertTrue(args.contains("--no-fallback"), args.toString());
        assertFalse(args.contains("-H:-ForeignAPISupport"), "FFM support switched off: " + args);
        String jar = args.get(args.indexOf("-jar") + 1);

        byte[] expected = Files.readAllBytes(home.resolve("src/main/resources").resolve(METADATA));
        try (ZipFile runner = new ZipFile(sources.resolve(jar).toFile())) {
            ZipEntry metadata = runner.getEntry(METADATA);
            assertTrue(metadata != null, jar + " lacks " + METADATA + ": native-image would not see the downcalls");
            try (InputStream in = runner.getInputStream(metadata)) {
                assertArrayEquals(expected, in.readAllBytes(), METADATA + " in " + jar);
            }
        }
        assertTrue(new String(expected).contains("\"downcalls\""), METADATA);
        Tools.run("rm", "-rf", copy.toString());
    }
}
