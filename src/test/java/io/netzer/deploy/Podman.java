package io.netzer.deploy;

import io.netzer.testing.Tools;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Podman as root on this kind of machine, and the base images the container tests build on, made locally (no
 * registry is reachable): Debian by debootstrap from the mirror apt uses, and the JDK the tests run on. Both are
 * kept in podman's image store, so only the first run on a machine pays for them.
 */
final class Podman {
    /** runc and cgroupfs: the defaults (crun, systemd) do not work as root in this VM. */
    static final List<String> PODMAN = List.of("podman", "--runtime", "runc", "--cgroup-manager", "cgroupfs");
    /** The VM's limits are above what the runtime may set in a container; these are below. */
    static final List<String> ULIMITS = List.of("--ulimit", "nofile=1024:1024", "--ulimit", "nproc=1000:1000");
    static final String DEBIAN_IMAGE = "localhost/netzer-test/debian:bookworm";
    static final String JDK_IMAGE = "localhost/netzer-test/temurin:25-jdk";

    private static final Pattern DEB822_URI = Pattern.compile("(?m)^URIs:\\s*(\\S+)");
    private static final Pattern ONE_LINE_URI = Pattern.compile("(?m)^deb\\s+(?:\\[[^]]*]\\s+)?(\\S+)\\s+bookworm\\s");

    private Podman() {
    }

    /** Runs {@code podman ARGS} and fails with its stderr on a non-zero exit. */
    static Tools.Result podman(String... args) throws IOException, InterruptedException {
        return check(Tools.run(command(args)));
    }

    /** The full command line for {@code podman ARGS}. */
    static List<String> command(String... args) {
        List<String> command = new ArrayList<>(PODMAN);
        command.addAll(List.of(args));
        return command;
    }

    static boolean imageExists(String image) throws IOException, InterruptedException {
        return Tools.run(command("image", "exists", image)).exitCode() == 0;
    }

    /** The image's id, or null when podman has no such image. */
    static String imageId(String image) throws IOException, InterruptedException {
        Tools.Result inspect = Tools.run(command("image", "inspect", "--format", "{{.Id}}", image));
        return inspect.exitCode() == 0 ? inspect.stdout().strip() : null;
    }

    /** {@code podman build} with the VM's limits; {@code args} end with the context directory. */
    static void build(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("build"));
        command.addAll(ULIMITS);
        command.addAll(List.of(args));
        podman(command.toArray(String[]::new));
    }

    /** Makes the Debian and JDK base images unless podman already has them. */
    static void ensureBaseImages() throws IOException, InterruptedException {
        if (!imageExists(DEBIAN_IMAGE)) {
            makeDebianImage();
        }
        if (!imageExists(JDK_IMAGE)) {
            makeJdkImage(Path.of(System.getProperty("java.home")));
        }
    }

    /** debootstrap's minimal Debian 12, trimmed as the slim images are (no apt lists, caches or docs). */
    private static void makeDebianImage() throws IOException, InterruptedException {
        Path root = Files.createTempDirectory("netzer-debootstrap");
        try {
            List<String> debootstrap = new ArrayList<>(List.of("debootstrap", "--variant=minbase", "bookworm",
                    root.toString()));
            String mirror = aptMirror();
            if (mirror != null) {
                debootstrap.add(mirror);
            }
            check(Tools.run(debootstrap));
            check(Tools.run("sh", "-c", "cd '" + root + "' && rm -rf var/cache/apt/*.bin var/cache/apt/archives/*.deb"
                    + " var/lib/apt/lists/* usr/share/doc/* usr/share/man/* usr/share/info/*"));
            check(Tools.run("sh", "-c", "tar -C '" + root + "' -c . | " + String.join(" ", PODMAN) + " import - "
                    + DEBIAN_IMAGE));
        } finally {
            Tools.run("rm", "-rf", root.toString());
        }
    }

    /** The Debian image with {@code jdk} in /opt/java/openjdk, symbolic links resolved (cacerts is one). */
    private static void makeJdkImage(Path jdk) throws IOException, InterruptedException {
        Path context = Files.createTempDirectory("netzer-jdk-image");
        try {
            check(Tools.run("cp", "-rL", jdk.toString(), context.resolve("jdk").toString()));
            Files.writeString(context.resolve("Containerfile"), "FROM " + DEBIAN_IMAGE + "\n"
                    + "COPY jdk /opt/java/openjdk\n"
                    + "ENV JAVA_HOME=/opt/java/openjdk"
                    + " PATH=/opt/java/openjdk/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin\n");
            build("-t", JDK_IMAGE, context.toString());
        } finally {
            Tools.run("rm", "-rf", context.toString());
        }
    }

    /** The Debian mirror apt is configured with, or null for debootstrap's default. */
    private static String aptMirror() throws IOException {
        Path sources = Path.of("/etc/apt/sources.list.d");
        List<Path> files = new ArrayList<>();
        if (Files.isDirectory(sources)) {
            try (Stream<Path> listing = Files.list(sources)) {
                listing.filter(path -> path.toString().endsWith(".sources")).sorted().forEach(files::add);
            }
        }
        for (Path file : files) {
            Matcher uri = DEB822_URI.matcher(Files.readString(file));
            while (uri.find()) {
                if (!uri.group(1).contains("security")) {
                    return uri.group(1);
                }
            }
        }
        Path list = Path.of("/etc/apt/sources.list");
        if (Files.isReadable(list)) {
            Matcher uri = ONE_LINE_URI.matcher(Files.readString(list));
            if (uri.find()) {
                return uri.group(1);
            }
        }
        return null;
    }

    private static Tools.Result check(Tools.Result result) throws IOException {
        if (result.exitCode() != 0) {
            String output = result.stdout() + result.stderr();
            throw new IOException("exit " + result.exitCode() + ": " + output.substring(Math.max(0,
                    output.length() - 4000)));
        }
        return result;
    }
}
