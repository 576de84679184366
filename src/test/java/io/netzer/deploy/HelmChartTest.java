package io.netzer.deploy;

import static io.netzer.deploy.HelmChart.kinds;
import static io.netzer.deploy.HelmChart.only;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.marcnuri.helm.LintResult;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.SecretVolumeSource;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.fabric8.openshift.api.model.monitoring.v1.Endpoint;
import io.fabric8.openshift.api.model.monitoring.v1.PodMetricsEndpoint;
import io.fabric8.openshift.api.model.monitoring.v1.PodMonitor;
import io.fabric8.openshift.api.model.monitoring.v1.PrometheusRule;
import io.fabric8.openshift.api.model.monitoring.v1.Rule;
import io.fabric8.openshift.api.model.monitoring.v1.ServiceMonitor;
import io.netzer.web.MetricsConventionsTest;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The Helm chart: lint, render with default and other values, and check what a cluster would be given. */
class HelmChartTest {
    private static final List<String> STANDARD_LABELS = List.of("app.kubernetes.io/name",
            "app.kubernetes.io/instance", "app.kubernetes.io/version", "app.kubernetes.io/component",
            "app.kubernetes.io/part-of", "app.kubernetes.io/managed-by", "helm.sh/chart");

    private static List<HasMetadata> defaults;

    @BeforeAll
    static void renderDefaults() {
        defaults = HelmChart.render(Map.of());
    }

    @Test
    void shouldPassHelmLintStrict() {
        LintResult result = HelmChart.lint();
        assertFalse(result.isFailed(), "helm lint --strict: " + result.getMessages());
    }

    @Test
    void shouldRenderServiceAccountDaemonSetAndHeadlessServiceByDefault() {
        assertEquals(List.of("ServiceAccount", "Service", "DaemonSet"), kinds(defaults));
        for (HasMetadata object : defaults) {
            assertEquals(HelmChart.NAMESPACE, object.getMetadata().getNamespace(), object.getKind());
            assertTrue(object.getMetadata().getLabels().keySet().containsAll(STANDARD_LABELS),
                    object.getKind() + " labels " + object.getMetadata().getLabels());
        }
        assertEquals(false, only(defaults, ServiceAccount.class).getAutomountServiceAccountToken());
        Service service = only(defaults, Service.class);
        assertEquals("None", service.getSpec().getClusterIP());
        assertEquals(9000, service.getSpec().getPorts().getFirst().getPort());
        assertEquals("management", service.getSpec().getPorts().getFirst().getTargetPort().getStrVal());
        assertEquals(podLabelsSelectedBy(only(defaults, DaemonSet.class)), service.getSpec().getSelector());
    }

    @Test
    void shouldRunThePodOnTheNodesNetworkOnEveryNode() {
        DaemonSet daemonSet = only(defaults, DaemonSet.class);
        PodSpec pod = daemonSet.getSpec().getTemplate().getSpec();
        assertTrue(pod.getHostNetwork());
        assertEquals("ClusterFirstWithHostNet", pod.getDnsPolicy());
        assertEquals(false, pod.getAutomountServiceAccountToken());
        assertEquals(List.of(new Toleration(null, null, "Exists", null, null)), pod.getTolerations());
        assertEquals(Map.of("kubernetes.io/os", "linux"), pod.getNodeSelector());
        assertTrue(pod.getTerminationGracePeriodSeconds() >= 30, "grace " + pod.getTerminationGracePeriodSeconds());
        assertNull(pod.getPriorityClassName());
        assertEquals("RollingUpdate", daemonSet.getSpec().getUpdateStrategy().getType());
        assertTrue(daemonSet.getSpec().getTemplate().getMetadata().getLabels().keySet().containsAll(STANDARD_LABELS));
    }

    @Test
    void shouldGrantRootOnlyWithNetRawSetuidAndSetgid() {
        SecurityContext context = container(defaults).getSecurityContext();
        assertEquals(0L, context.getRunAsUser());
        assertEquals(false, context.getRunAsNonRoot());
        assertEquals(false, context.getPrivileged());
        assertEquals(false, context.getAllowPrivilegeEscalation());
        assertEquals(true, context.getReadOnlyRootFilesystem());
        assertEquals(List.of("ALL"), context.getCapabilities().getDrop());
        assertEquals(List.of("NET_RAW", "SETUID", "SETGID"), context.getCapabilities().getAdd());
        assertEquals("RuntimeDefault", context.getSeccompProfile().getType());
        assertTrue(container(defaults).getArgs().contains("--user=netzer"), "args " + container(defaults).getArgs());
    }

    @Test
    void shouldProbeHealthOnTheManagementPort() {
        Container container = container(defaults);
        assertEquals(Map.of("dashboard", 7070, "management", 9000), ports(container));
        assertProbe(container.getStartupProbe(), "/q/health/started");
        assertProbe(container.getLivenessProbe(), "/q/health/live");
        assertProbe(container.getReadinessProbe(), "/q/health/ready");
        assertEquals("9000", env(container).get("QUARKUS_MANAGEMENT_PORT"));
        assertEquals("0.0.0.0", env(container).get("QUARKUS_MANAGEMENT_HOST"));
    }

    @Test
    void shouldBoundConnectionsOnBothPortsAndTakeNoTokenByDefault() {
        Container container = container(defaults);
        Map<String, String> env = env(container);
        assertEquals("64", env.get("QUARKUS_HTTP_LIMITS_MAX_CONNECTIONS"));
        assertEquals("30s", env.get("QUARKUS_HTTP_IDLE_TIMEOUT"));
        assertEquals("64", env.get("QUARKUS_MANAGEMENT_LIMITS_MAX_CONNECTIONS"));
        assertEquals("10s", env.get("QUARKUS_MANAGEMENT_IDLE_TIMEOUT"));
        assertEquals("5s", env.get("NETZER_SERVE_REQUEST_HEAD_TIMEOUT"));
        assertNull(env.get("NETZER_SERVE_ALLOWED_HOSTS"));
        assertTrue(container.getArgs().stream().noneMatch(arg -> arg.startsWith("--auth-token-file")));
        assertEquals(List.of("/tmp"), container.getVolumeMounts().stream().map(VolumeMount::getMountPath).toList());
    }

    @Test
    void shouldServeOnLoopbackAndWriteEventsToStdoutByDefault() {
        assertEquals(List.of("--port=7070", "--bind=127.0.0.1", "--events=flow,tls,dns,http", "--output=-",
                "--user=netzer", "--ring-block-size=4M", "--ring-blocks=64", "--ring-block-timeout=10"),
                container(defaults).getArgs());
        assertEquals("ghcr.io/netzer/netzer:0.1.0", container(defaults).getImage());
    }

    @Test
    void shouldFollowNonDefaultValues() {
        List<HasMetadata> objects = HelmChart.render(resource("non-default-values.yaml"));

        assertEquals(List.of("Namespace", "ConfigMap", "Service", "DaemonSet", "PodMonitor", "PrometheusRule",
                "ServiceMonitor"), kinds(objects));
        for (HasMetadata object : objects) {
            assertEquals("network", object.getMetadata().getLabels().get("cost-center"), object.getKind());
            assertEquals("capture", object.getMetadata().getLabels().get("app.kubernetes.io/name"), object.getKind());
            if (!(object instanceof Namespace)) {
                assertTrue(object.getMetadata().getName().startsWith("netzer-agent"), object.getMetadata().getName());
            }
        }
        Namespace namespace = only(objects, Namespace.class);
        assertEquals(HelmChart.NAMESPACE, namespace.getMetadata().getName());
        assertEquals("privileged", namespace.getMetadata().getLabels().get("pod-security.kubernetes.io/enforce"));

        Container container = container(objects);
        assertEquals(List.of("--interface=eth1", "--port=8070", "--bind=0.0.0.0", "--events=dns,tls", "--output=-",
                "--user=capture", "--ring-block-size=1M", "--ring-blocks=16", "--ring-block-timeout=50",
                "--auth-token-file=/etc/netzer/token/dashboard", "--workers", "2", "-w", "/var/lib/netzer/capture.pcap",
                "--",
                "tcp port 443 or udp port 53"), container.getArgs());
        VolumeMount token = container.getVolumeMounts().stream().filter(m -> m.getName().equals("token"))
                .findFirst().orElseThrow();
        assertEquals("/etc/netzer/token", token.getMountPath());
        assertEquals(true, token.getReadOnly());
        Map<String, String> env = env(container);
        assertEquals("netzer.example.org,localhost:8080", env.get("NETZER_SERVE_ALLOWED_HOSTS"));
        assertEquals("10.0.0.1", env.get("QUARKUS_MANAGEMENT_HOST"));
        assertEquals("16", env.get("QUARKUS_HTTP_LIMITS_MAX_CONNECTIONS"));
        assertEquals("1m", env.get("QUARKUS_HTTP_IDLE_TIMEOUT"));
        assertEquals("32", env.get("QUARKUS_MANAGEMENT_LIMITS_MAX_CONNECTIONS"));
        assertEquals("5s", env.get("QUARKUS_MANAGEMENT_IDLE_TIMEOUT"));
        assertEquals("2s", env.get("NETZER_SERVE_REQUEST_HEAD_TIMEOUT"));
        assertEquals("mirror.example.org/netzer@sha256:" + "0123456789abcdef".repeat(4), container.getImage());
        assertEquals(Map.of("dashboard", 8070, "management", 9100), ports(container));
        assertEquals("9100", env(container).get("QUARKUS_MANAGEMENT_PORT"));
        assertEquals("Always", container.getImagePullPolicy());
        assertEquals("-XX:MaxRAMPercentage=70", env(container).get("JAVA_TOOL_OPTIONS"));
        assertEquals("2Gi", container.getResources().getLimits().get("memory").toString());
        assertProbe(container.getReadinessProbe(), "/q/health/ready");
        assertEquals(5, container.getReadinessProbe().getInitialDelaySeconds());
        assertEquals(30, container.getStartupProbe().getFailureThreshold());
        assertEquals(List.of("/bin/true"), container.getLivenessProbe().getExec().getCommand());
        assertNull(container.getLivenessProbe().getHttpGet());
        assertEquals(List.of("NET_RAW", "SETUID", "SETGID", "NET_ADMIN"),
                container.getSecurityContext().getCapabilities().getAdd());
        // Helm merges maps with the defaults (lists are replaced): the default seccomp profile stays.
        assertEquals("RuntimeDefault", container.getSecurityContext().getSeccompProfile().getType());
        assertEquals("INFO", env.get("QUARKUS_LOG_LEVEL"));
        assertEquals("30s", env.get("NETZER_SERVE_LIVENESS_STALL"));
        assertEquals("spec.nodeName", container.getEnv().stream().filter(v -> v.getName().equals("NODE_NAME"))
                .findFirst().orElseThrow().getValueFrom().getFieldRef().getFieldPath());
        assertEquals("netzer-settings", container.getEnvFrom().getFirst().getConfigMapRef().getName());
        assertEquals("/var/lib/netzer", container.getVolumeMounts().stream()
                .filter(m -> m.getName().equals("captures")).findFirst().orElseThrow().getMountPath());

        DaemonSet daemonSet = only(objects, DaemonSet.class);
        assertEquals(3, daemonSet.getSpec().getRevisionHistoryLimit());
        PodSpec pod = daemonSet.getSpec().getTemplate().getSpec();
        SecretVolumeSource secret = pod.getVolumes().stream().filter(v -> v.getName().equals("token")).findFirst()
                .orElseThrow().getSecret();
        assertEquals("netzer-token", secret.getSecretName());
        assertEquals(0400, secret.getDefaultMode());
        assertEquals("dashboard", secret.getItems().getFirst().getKey());
        assertEquals("/var/lib/netzer", pod.getVolumes().stream().filter(v -> v.getName().equals("captures"))
                .findFirst().orElseThrow().getHostPath().getPath());
        assertEquals(65532L, pod.getSecurityContext().getFsGroup());
        assertEquals("system-node-critical", pod.getPriorityClassName());
        assertEquals("capture", pod.getServiceAccountName());
        assertEquals(60L, pod.getTerminationGracePeriodSeconds());
        assertEquals("OnDelete", daemonSet.getSpec().getUpdateStrategy().getType());
        assertNull(daemonSet.getSpec().getUpdateStrategy().getRollingUpdate());
        assertEquals(List.of(new Toleration("NoSchedule", "dedicated", "Equal", null, "capture")),
                pod.getTolerations());
        // Helm merges maps with the defaults: the default selector stays unless set to null.
        assertEquals(Map.of("kubernetes.io/os", "linux", "netzer.io/capture", "yes"), pod.getNodeSelector());
        assertEquals("registry", pod.getImagePullSecrets().getFirst().getName());
        assertEquals("amd64", pod.getAffinity().getNodeAffinity().getRequiredDuringSchedulingIgnoredDuringExecution()
                .getNodeSelectorTerms().getFirst().getMatchExpressions().getFirst().getValues().getFirst());
        assertEquals("network", daemonSet.getSpec().getTemplate().getMetadata().getLabels().get("team"));
        assertEquals("network-team",
                daemonSet.getSpec().getTemplate().getMetadata().getAnnotations().get("example.org/owner"));

        Service service = only(objects, Service.class);
        assertEquals(9100, service.getSpec().getPorts().getFirst().getPort());
        assertEquals("true", service.getMetadata().getAnnotations().get("prometheus.io/scrape"));
    }

    @Test
    void shouldFollowNonDefaultMonitoringValues() {
        List<HasMetadata> objects = HelmChart.render(resource("non-default-values.yaml"));
        DaemonSet daemonSet = only(objects, DaemonSet.class);
        ServiceMonitor monitor = only(objects, ServiceMonitor.class);
        assertEquals("prometheus", monitor.getMetadata().getLabels().get("release"));
        assertEquals("monitoring", monitor.getMetadata().getNamespace());
        assertEquals(List.of(HelmChart.NAMESPACE), monitor.getSpec().getNamespaceSelector().getMatchNames());
        assertEquals(podLabelsSelectedBy(daemonSet), monitor.getSpec().getSelector().getMatchLabels());
        Endpoint endpoint = monitor.getSpec().getEndpoints().getFirst();
        assertEquals("management", endpoint.getPort());
        assertEquals("/q/metrics", endpoint.getPath());
        assertEquals("instance", endpoint.getRelabelings().getFirst().getTargetLabel());
        assertEquals("drop", endpoint.getMetricRelabelings().getFirst().getAction());

        PodMonitor podMonitor = only(objects, PodMonitor.class);
        assertEquals("monitoring", podMonitor.getMetadata().getNamespace());
        assertEquals(podLabelsSelectedBy(daemonSet), podMonitor.getSpec().getSelector().getMatchLabels());
        PodMetricsEndpoint podEndpoint = podMonitor.getSpec().getPodMetricsEndpoints().getFirst();
        assertEquals("management", podEndpoint.getPort());
        assertEquals("20s", podEndpoint.getInterval());
        assertTrue(podEndpoint.getRelabelings() == null || podEndpoint.getRelabelings().isEmpty());
        assertEquals("drop", podEndpoint.getMetricRelabelings().getFirst().getAction());

        PrometheusRule rule = only(objects, PrometheusRule.class);
        assertEquals("monitoring", rule.getMetadata().getNamespace());
        List<Rule> rules = rule.getSpec().getGroups().getFirst().getRules();
        assertEquals(List.of("NetzerKernelDroppingPackets", "NetzerNotReady", "NetzerEventsDropped",
                "NetzerFlowEvictions", "NetzerDecodeErrors"), rules.stream().map(Rule::getAlert).toList());
        assertEquals("5m", rules.getFirst().getFor());
        assertEquals("network", rules.getFirst().getLabels().get("team"));

        ConfigMap dashboard = only(objects, ConfigMap.class);
        assertEquals("grafana", dashboard.getMetadata().getNamespace());
        assertEquals("yes", dashboard.getMetadata().getLabels().get("grafana_dashboard"));
        assertEquals("Network", dashboard.getMetadata().getAnnotations().get("grafana_folder"));
    }

    @Test
    void shouldAlertWithRulesPromtoolAccepts() throws Exception {
        List<HasMetadata> objects = HelmChart.render(Map.of("metrics.prometheusRule.enabled", true));
        PrometheusRule rule = only(objects, PrometheusRule.class);
        assertEquals(HelmChart.NAMESPACE, rule.getMetadata().getNamespace());
        Path rules = Files.createTempFile("netzer-rules", ".yaml");
        try {
            Files.writeString(rules, new KubernetesSerialization().asYaml(rule.getSpec()));
            Process promtool = new ProcessBuilder("promtool", "check", "rules", rules.toString())
                    .redirectErrorStream(true).start();
            String out = new String(promtool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(0, promtool.waitFor(), out);
            assertTrue(out.contains("SUCCESS: 4 rules found"), out);
        } finally {
            Files.delete(rules);
        }
        String expressions = rule.getSpec().getGroups().getFirst().getRules().stream()
                .map(r -> r.getExpr().getStrVal()).toList().toString();
        for (String metric : List.of("netzer_kernel_dropped_packets_total", "netzer_ready",
                "netzer_events_dropped_total", "netzer_flows_evicted_total")) {
            assertTrue(expressions.contains(metric), metric + " in " + expressions);
        }
    }

    @Test
    void shouldShipTheGrafanaDashboardWithTheMetricsNetzerServes() throws Exception {
        List<HasMetadata> objects = HelmChart.render(Map.of("grafanaDashboard.enabled", true));
        ConfigMap dashboard = only(objects, ConfigMap.class);
        assertEquals("1", dashboard.getMetadata().getLabels().get("grafana_dashboard"));
        JsonNode json = new ObjectMapper().readTree(dashboard.getData().get("netzer.json"));
        assertEquals("netzer", json.get("uid").asText());
        List<String> expressions = json.findValues("expr").stream().map(JsonNode::asText).toList();
        assertTrue(expressions.size() >= 10, expressions.toString());
        for (String expression : expressions) {
            Matcher metric = Pattern.compile("netzer_[a-z_]+").matcher(expression);
            assertTrue(metric.find(), expression);
            assertTrue(MetricsConventionsTest.NAMES.contains(metric.group().replaceAll("_bucket$", "")),
                    metric.group() + " is not a metric NetZer serves");
        }
    }

    @Test
    void shouldRejectValuesTheSchemaForbids() {
        assertThrows(RuntimeException.class, () -> HelmChart.template(Map.of("ports.management", 0)));
        assertThrows(RuntimeException.class, () -> HelmChart.template(Map.of("privilegeDrop.user", "root")));
        assertThrows(RuntimeException.class, () -> HelmChart.template(Map.of("events[0]", "flows")));
        assertThrows(RuntimeException.class, () -> HelmChart.template(Map.of("ring.blockSize", "4 MB")));
        assertThrows(RuntimeException.class, () -> HelmChart.template(Map.of("interfaces", "eth0")));
        assertThrows(RuntimeException.class, () -> HelmChart.template(Map.of("allowedHosts[0]", "evil.example/x")));
        assertThrows(RuntimeException.class, () -> HelmChart.template(Map.of("connections.management.maxConnections",
                0)));
        assertThrows(RuntimeException.class, () -> HelmChart.template(Map.of("connections.dashboard.idleTimeout",
                "forever")));
        assertThrows(RuntimeException.class, () -> HelmChart.template(Map.of("image.digest", "latest")));
        assertThrows(RuntimeException.class, () -> HelmChart.template(Map.of("privilegeDrop.uid", 65532)));
        assertThrows(RuntimeException.class, () -> HelmChart.template(Map.of("metrics.prometheusRule.for.notReady",
                "soon")));
        assertThrows(RuntimeException.class, () -> HelmChart.template(Map.of("extraVolumeMounts[0].name", "x")));
    }

    @Test
    void shouldFindFieldsTheModelDoesNotKnowAtAnyDepth() {
        String misplaced = """
                apiVersion: apps/v1
                kind: DaemonSet
                metadata:
                  name: x
                spec:
                  template:
                    spec:
                      containers:
                        - name: x
                          securityContext:
                            capabilities:
                              drop: [ALL]
                              added: [NET_RAW]
                """;
        AssertionError error = assertThrows(AssertionError.class, () -> HelmChart.parse("test", misplaced));
        assertTrue(error.getMessage().contains("containers[0].securityContext.capabilities: [added]"),
                error.getMessage());
        String unknownKind = """
                apiVersion: example.org/v1
                kind: Sniffer
                metadata:
                  name: x
                """;
        assertThrows(AssertionError.class, () -> HelmChart.parse("test", unknownKind));
    }

    private static Path resource(String name) {
        try {
            return Path.of(HelmChartTest.class.getResource(name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Container container(List<HasMetadata> objects) {
        List<Container> containers = only(objects, DaemonSet.class).getSpec().getTemplate().getSpec().getContainers();
        assertEquals(1, containers.size());
        return containers.getFirst();
    }

    private static Map<String, String> podLabelsSelectedBy(DaemonSet daemonSet) {
        Map<String, String> selector = daemonSet.getSpec().getSelector().getMatchLabels();
        Map<String, String> podLabels = daemonSet.getSpec().getTemplate().getMetadata().getLabels();
        assertTrue(podLabels.entrySet().containsAll(selector.entrySet()), selector + " selects " + podLabels);
        return selector;
    }

    private static Map<String, Integer> ports(Container container) {
        Map<String, Integer> ports = new LinkedHashMap<>();
        for (ContainerPort port : container.getPorts()) {
            assertEquals(port.getContainerPort(), port.getHostPort(), "hostNetwork: host port = container port");
            ports.put(port.getName(), port.getContainerPort());
        }
        return ports;
    }

    private static Map<String, String> env(Container container) {
        Map<String, String> env = new LinkedHashMap<>();
        for (EnvVar variable : container.getEnv()) {
            env.put(variable.getName(), variable.getValue());
        }
        return env;
    }

    private static void assertProbe(Probe probe, String path) {
        assertEquals(path, probe.getHttpGet().getPath());
        assertEquals("management", probe.getHttpGet().getPort().getStrVal());
    }
}
