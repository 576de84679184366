package io.netzer.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The plain manifests in {@code k8s/} are the chart rendered with its defaults (release and namespace
 * {@code netzer}), one file per template; the Namespace and the monitoring objects (ServiceMonitor, PodMonitor,
 * PrometheusRule, Grafana dashboard), off by default in the chart, are rendered with their switch on. Two labels
 * that only Helm may claim are rewritten: {@code helm.sh/chart} is left out and {@code app.kubernetes.io/managed-by} says {@code kubectl}. File names carry an order, as
 * {@code kubectl apply -f k8s/} applies a directory's files by name (the Namespace first); the monitoring objects,
 * which need the Prometheus Operator's CRDs or a Grafana sidecar, lie in {@code k8s/optional/}, outside that.
 *
 * <p>When the chart changes, regenerate with
 * {@code ./mvnw -q test -Dtest=KubernetesManifestsTest -Dnetzer.k8s.regenerate=true}.
 */
class KubernetesManifestsTest {
    private static final String REGENERATE = "./mvnw -q test -Dtest=KubernetesManifestsTest"
            + " -Dnetzer.k8s.regenerate=true";
    private static final List<String> OPTIONAL_TEMPLATES = List.of("namespace.yaml", "servicemonitor.yaml",
            "podmonitor.yaml", "prometheusrule.yaml", "dashboard.yaml");
    /** Template to file in k8s/, in the order kubectl applies them. */
    private static final Map<String, String> FILES = Map.of("namespace.yaml", "00-namespace.yaml",
            "serviceaccount.yaml", "10-serviceaccount.yaml", "service.yaml", "20-service.yaml",
            "daemonset.yaml", "30-daemonset.yaml", "servicemonitor.yaml", "optional/servicemonitor.yaml",
            "podmonitor.yaml", "optional/podmonitor.yaml", "prometheusrule.yaml", "optional/prometheusrule.yaml",
            "dashboard.yaml", "optional/grafana-dashboard.yaml");

    @Test
    void shouldMatchTheChartRenderedWithItsDefaults() throws IOException {
        Map<String, String> expected = generate();
        Path directory = directory();
        if (Boolean.getBoolean("netzer.k8s.regenerate")) {
            for (Map.Entry<String, String> file : expected.entrySet()) {
                Files.createDirectories(directory.resolve(file.getKey()).getParent());
                Files.writeString(directory.resolve(file.getKey()), file.getValue());
            }
        }
        TreeSet<String> actualNames = new TreeSet<>();
        try (Stream<Path> files = Files.walk(directory)) {
            files.filter(path -> path.toString().endsWith(".yaml"))
                    .forEach(path -> actualNames.add(directory.relativize(path).toString()));
        }
        if (!actualNames.equals(new TreeSet<>(expected.keySet()))) {
            fail("k8s/ holds " + actualNames + ", the chart renders " + expected.keySet() + ": regenerate with "
                    + REGENERATE + " (and delete files the chart no longer renders)");
        }
        for (Map.Entry<String, String> file : expected.entrySet()) {
            assertEquals(file.getValue(), Files.readString(directory.resolve(file.getKey())),
                    "k8s/" + file.getKey() + " differs from the chart: regenerate with " + REGENERATE);
        }
    }

    @Test
    void shouldParseEveryManifestAsAKnownKubernetesObject() throws IOException {
        for (Map.Entry<String, String> file : generate().entrySet()) {
            HelmChart.parse(file.getKey(), file.getValue());
        }
    }

    /** File name to content: what {@code k8s/} must hold. */
    static Map<String, String> generate() {
        Map<String, String> byDefault = HelmChart.documentsBySource(HelmChart.template(Map.of()));
        Map<String, String> optional = HelmChart.documentsBySource(HelmChart.template(
                Map.of("namespace.create", true, "metrics.serviceMonitor.enabled", true, "metrics.podMonitor.enabled",
                        true, "metrics.prometheusRule.enabled", true, "grafanaDashboard.enabled", true)));
        Map<String, String> files = new LinkedHashMap<>();
        for (String template : OPTIONAL_TEMPLATES) {
            files.put(file(template), manifest(template, optional.get(template), true));
        }
        byDefault.forEach((template, yaml) -> files.put(file(template), manifest(template, yaml, false)));
        return files;
    }

    private static String file(String template) {
        String file = FILES.get(template);
        if (file == null) {
            throw new AssertionError("a new template, " + template + ": give it a file name in FILES");
        }
        return file;
    }

    private static String manifest(String template, String yaml, boolean optional) {
        if (yaml == null) {
            throw new AssertionError("the chart rendered no " + template);
        }
        String header = "# Generated from helm/netzer/templates/" + template + " (release and namespace netzer"
                + (optional ? ", rendered with its switch on: the chart leaves it off by default" : ", default values")
                + ").\n# Do not edit: change the chart, then run " + REGENERATE + "\n";
        String body = yaml.replaceAll("(?m)^\\s*helm\\.sh/chart: .*\\n", "")
                .replace("app.kubernetes.io/managed-by: Helm", "app.kubernetes.io/managed-by: kubectl");
        return header + body;
    }

    private static Path directory() {
        return HelmChart.directory().getParent().getParent().resolve("k8s");
    }
}
