import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Unpacks every jar under a directory into one directory, without module descriptors, in one JVM: jdeps then
 * reads the application as the class path it runs on (given modular jars, it wants their whole module graph).
 * Used by Dockerfile.jvm as {@code java FlattenJars.java FROM TO}.
 */
public class FlattenJars {
    public static void main(String[] args) throws IOException {
        Path to = Path.of(args[1]);
        List<Path> jars;
        try (Stream<Path> files = Files.walk(Path.of(args[0]))) {
            jars = files.filter(path -> path.toString().endsWith(".jar")).toList();
        }
        for (Path jar : jars) {
            try (ZipFile zip = new ZipFile(jar.toFile())) {
                for (ZipEntry entry : zip.stream().toList()) {
                    Path target = to.resolve(entry.getName()).normalize();
                    if (entry.isDirectory() || entry.getName().endsWith("module-info.class") || !target.startsWith(to)) {
                        continue;
                    }
                    Files.createDirectories(target.getParent());
                    try (InputStream in = zip.getInputStream(entry)) {
                        Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
                    }
                }
            }
        }
        System.out.println(jars.size() + " jars unpacked into " + to);
    }
}
