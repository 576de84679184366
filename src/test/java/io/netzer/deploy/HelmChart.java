package io.netzer.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.TemplateCommand;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The chart in {@code helm/netzer}, linted and rendered in-process by helm-java (Helm's own code, as a native
 * library), and parsed with fabric8's Kubernetes model. No cluster and no helm binary are needed.
 */
final class HelmChart {
    /** The release name and namespace the tests and {@code k8s/} render with. */
    static final String RELEASE = "netzer";
    static final String NAMESPACE = "netzer";
    /** The Kubernetes version rendered for: helm-java's default (1.20) is older than the chart's kubeVersion. */
    static final String KUBERNETES_VERSION = "1.31.0";

    private static final String SOURCE_PREFIX = "# Source: netzer/templates/";
    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    private HelmChart() {
    }

    /** The chart's directory, from the project's root (Maven runs tests there). */
    static Path directory() {
        return Path.of(System.getProperty("netzer.home", "."), "helm", "netzer").toAbsolutePath();
    }

    /** {@code helm lint --strict} of the chart with its default values. */
    static LintResult lint() {
        return new Helm(directory()).lint().strict().call();
    }

    /** {@code helm template} with {@code values} given as {@code --set key=value} pairs: the raw YAML stream. */
    static String template(Map<String, Object> values) {
        return template(null, values);
    }

    /** {@code helm template -f valuesFile} (when not null), then {@code --set key=value} pairs. */
    static String template(Path valuesFile, Map<String, Object> values) {
        TemplateCommand command = new Helm(directory()).template().withName(RELEASE).withNamespace(NAMESPACE)
                .withKubeVersion(KUBERNETES_VERSION);
        if (valuesFile != null) {
            command.withValuesFile(valuesFile);
        }
        values.forEach(command::set);
        return command.call();
    }

    /** The rendered stream split into documents, keyed by the template file each came from (in order). */
    static Map<String, String> documentsBySource(String rendered) {
        Map<String, String> documents = new LinkedHashMap<>();
        for (String document : rendered.split("(?m)^---\\s*$")) {
            String trimmed = document.strip();
            if (trimmed.isEmpty()) {
                continue;
            }
            if (!trimmed.startsWith(SOURCE_PREFIX)) {
                throw new AssertionError("a rendered document without its '# Source:' line: " + trimmed);
            }
            int endOfLine = trimmed.indexOf('\n');
            String source = trimmed.substring(SOURCE_PREFIX.length(), endOfLine).strip();
            if (documents.put(source, trimmed.substring(endOfLine + 1) + "\n") != null) {
                throw new AssertionError("two documents from one template: " + source);
            }
        }
        return documents;
    }

    /**
     * Renders with {@code values} and parses every document as a typed Kubernetes object, failing on a document
     * of an unknown kind or with a field the model does not know (anywhere in the object).
     */
    static List<HasMetadata> render(Map<String, Object> values) {
        return parse(template(values));
    }

    /** Renders with a values file; see {@link #render(Map)}. */
    static List<HasMetadata> render(Path valuesFile) {
        return parse(template(valuesFile, Map.of()));
    }

    private static List<HasMetadata> parse(String rendered) {
        List<HasMetadata> objects = new ArrayList<>();
        documentsBySource(rendered).forEach((source, yaml) -> objects.add(parse(source, yaml)));
        return objects;
    }

    /** One YAML document as a typed object, with no unknown kind and no unknown field. */
    static HasMetadata parse(String source, String yaml) {
        HasMetadata object = SERIALIZATION.unmarshal(yaml, HasMetadata.class);
        assertFalse(object instanceof GenericKubernetesResource,
                source + ": kind " + object.getKind() + " of " + object.getApiVersion() + " is not a known type");
        assertNoUnknownFields(object, source + ":" + object.getKind());
        return object;
    }

    /** The one object of {@code type} in {@code objects}. */
    static <T extends HasMetadata> T only(List<HasMetadata> objects, Class<T> type) {
        List<T> found = objects.stream().filter(type::isInstance).map(type::cast).toList();
        assertEquals(1, found.size(), "objects of " + type.getSimpleName() + " in " + kinds(objects));
        return found.getFirst();
    }

    static List<String> kinds(List<HasMetadata> objects) {
        return objects.stream().map(HasMetadata::getKind).toList();
    }

    /**
     * Walks the object's getters recursively: fabric8 keeps every field its model does not know in an
     * {@code additionalProperties} map, so a misspelt or misplaced field shows up there and nowhere else.
     */
    static void assertNoUnknownFields(Object node, String path) {
        if (node == null) {
            return;
        }
        if (node instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                assertNoUnknownFields(list.get(i), path + "[" + i + "]");
            }
            return;
        }
        if (node instanceof Map<?, ?> map) {
            map.forEach((key, value) -> assertNoUnknownFields(value, path + "[" + key + "]"));
            return;
        }
        if (!node.getClass().getName().startsWith("io.fabric8.")) {
            return;
        }
        for (Method getter : node.getClass().getMethods()) {
            if (getter.getParameterCount() != 0 || Modifier.isStatic(getter.getModifiers())
                    || !getter.getName().startsWith("get") || getter.getDeclaringClass() == Object.class) {
                continue;
            }
            Object value = invoke(getter, node);
            if (getter.getName().equals("getAdditionalProperties")) {
                if (value instanceof Map<?, ?> unknown && !unknown.isEmpty()) {
                    throw new AssertionError("unknown fields at " + path + ": " + unknown.keySet());
                }
                continue;
            }
            assertNoUnknownFields(value, path + "." + fieldName(getter));
        }
    }

    private static Object invoke(Method getter, Object target) {
        try {
            return getter.invoke(target);
        } catch (IllegalAccessException | InvocationTargetException e) {
            throw new AssertionError("cannot read " + getter + ": " + e, e);
        }
    }

    private static String fieldName(Method getter) {
        String name = getter.getName().substring(3);
        return name.isEmpty() ? name : Character.toLowerCase(name.charAt(0)) + name.substring(1);
    }
}
