package dev.skein.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.skein.config.SkeinConfig;
import dev.skein.testing.Haproxy;
import dev.skein.testing.TestEnvironment;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The shipped deployment files, checked offline with the real tools where this machine has them ({@code
 * haproxy -c}, Debian's {@code docker-compose config}, {@code kubectl kustomize}) and against the server's
 * own defaults where it cannot run them (no Docker engine, no Kubernetes cluster): a port, a jar name or
 * a probe path that drifts from the code fails here.
 */
class DeploymentFilesIT {
    private static final Path REPO = TestEnvironment.repoDir();
    private static final YAMLMapper YAML = new YAMLMapper();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int SKEIN_PORT = SkeinConfig.DEFAULT_PORT;
    private static final int MANAGEMENT_PORT = SkeinConfig.DEFAULT_MANAGEMENT_PORT;

    @ParameterizedTest
    @ValueSource(strings = {Haproxy.SHIPPED, "k8s/overlays/kind/haproxy.cfg"})
    void haproxyAcceptsEveryShippedConfigurationWithoutAWarning(String file) {
        Haproxy.Check check = Haproxy.check(REPO.resolve(file));

        assertThat(check.exitCode()).as(check.output()).isZero();
        assertThat(check.output()).doesNotContain("[WARNING]").contains("Configuration file is valid");
    }

    @Test
    void theTestVariantOfTheHaproxyConfigurationIsValidToo() throws IOException {
        String variant = Haproxy.loopbackVariant(
                read(Haproxy.SHIPPED), 3999, 3998, List.of(new Haproxy.Backend("node-1", 4001, 4002)));
        Path file = Files.createTempFile("haproxy-variant", ".cfg");
        try {
            Files.writeString(file, variant);
            Haproxy.Check check = Haproxy.check(file);
            assertThat(check.exitCode()).as(check.output()).isZero();
        } finally {
            Files.deleteIfExists(file);
        }
    }

    @Test
    void theHaproxyConfigurationMatchesSkeinsPortsAndHealthEndpoints() {
        String config = read(Haproxy.SHIPPED);

        assertThat(config)
                .containsPattern("server-template skein \\d+ \"\\$\\{SKEIN_SERVICE-skein}\":" + SKEIN_PORT + " ")
                .contains("default-server check port " + MANAGEMENT_PORT + " ")
                .contains("http-check send meth GET uri /health/ready")
                .contains("cookie SKEIN_NODE insert indirect nocache httponly dynamic")
                .contains("balance leastconn")
                .contains("timeout tunnel");
        // the client and server timeouts outlast a long-poll plus a missed heartbeat
        long heartbeat = SkeinConfig.DEFAULT_PING_INTERVAL
                .plus(SkeinConfig.DEFAULT_PING_TIMEOUT)
                .toSeconds();
        assertThat(seconds(config, "timeout client")).isGreaterThan(heartbeat);
        assertThat(seconds(config, "timeout server")).isGreaterThan(heartbeat);
    }

    @Test
    void theKindOverlayRunsTheSameHaproxyConfiguration() {
        assertThat(read("k8s/overlays/kind/haproxy.cfg")).isEqualTo(read(Haproxy.SHIPPED));
    }

    @Test
    void dockerComposeAcceptsTheComposeFileAndSkeinCanScale() throws IOException {
        Run config = run(REPO, "docker-compose", "-f", "docker-compose.yml", "config", "-q");
        assertThat(config.exitCode()).as(config.output()).isZero();

        JsonNode services =
                YAML.readTree(REPO.resolve("docker-compose.yml").toFile()).path("services");
        JsonNode skein = services.path("skein");
        assertThat(skein.has("container_name"))
                .as("a fixed container name prevents --scale")
                .isFalse();
        assertThat(skein.has("ports")).as("fixed host ports prevent --scale").isFalse();
        assertThat(skein.path("build").asText()).isEqualTo(".");
        assertThat(skein.path("environment").path("SKEIN_REDIS_URL").asText()).isEqualTo("redis://redis:6379");
        JsonNode haproxy = services.path("haproxy");
        assertThat(haproxy.path("ports").toString()).contains("3000:3000");
        assertThat(haproxy.path("volumes").get(0).asText())
                .startsWith("./" + Haproxy.SHIPPED + ":/usr/local/etc/haproxy/haproxy.cfg");
        assertThat(haproxy.path("environment").path("SKEIN_SERVICE").asText()).isEqualTo("skein");
        // docker stop waits longer than Skein's own grace
        assertThat(parseSeconds(skein.path("stop_grace_period").asText()))
                .isGreaterThan(Long.parseLong(skein.path("environment")
                                .path("SKEIN_SHUTDOWN_GRACE_MS")
                                .asText())
                        / 1000);
    }

    @Test
    void theDockerfileBuildsAndRunsFilesThatExist() throws IOException {
        String dockerfile = read("Dockerfile");
        List<String> ignored = Files.readAllLines(REPO.resolve(".dockerignore"));

        Matcher copy = Pattern.compile("(?m)^COPY (?!--from)(\\S+) ").matcher(dockerfile);
        int copies = 0;
        while (copy.find()) {
            copies++;
            String source = copy.group(1);
            assertThat(REPO.resolve(source)).as("COPY source %s", source).exists();
            assertThat(ignored).as(".dockerignore must not drop %s", source).doesNotContain(source);
        }
        assertThat(copies).isGreaterThan(5);
        // the jar the build makes is the shaded jar of server/pom.xml, and the one the runtime starts
        assertThat(read("server/pom.xml")).contains("<finalName>skein-server</finalName>");
        assertThat(dockerfile)
                .contains("cp server/target/skein-server.jar /skein-server.jar")
                .contains("COPY --from=build /skein-server.jar /app/skein-server.jar")
                .contains("ENTRYPOINT [\"java\", \"-jar\", \"/app/skein-server.jar\"]")
                .contains("EXPOSE " + SKEIN_PORT + " " + MANAGEMENT_PORT)
                .contains("SKEIN_PORT=" + SKEIN_PORT)
                .contains("SKEIN_MGMT_PORT=" + MANAGEMENT_PORT)
                .contains("http://127.0.0.1:" + MANAGEMENT_PORT + "/health/live")
                .contains("STOPSIGNAL SIGTERM")
                .containsPattern("(?m)^USER \\d+:\\d+$");
        // the stages' base images and the module list of the build
        assertThat(dockerfile).containsPattern("(?m)^FROM \\S+ AS build$").contains("-pl server -am");
    }

    @ParameterizedTest
    @ValueSource(strings = {"kind", "k3s"})
    void kustomizeRendersTheOverlayAsTypedKubernetesObjectsWithNoUnknownField(String overlay) throws Exception {
        List<HasMetadata> objects = render(overlay);

        assertThat(objects)
                .extracting(HasMetadata::getKind)
                .contains("Namespace", "Deployment", "Service", "PodDisruptionBudget", "HorizontalPodAutoscaler");
        for (HasMetadata object : objects) {
            if (!"Namespace".equals(object.getKind())) {
                assertThat(object.getMetadata().getNamespace())
                        .as(describe(object))
                        .isEqualTo("skein");
            }
        }
        Deployment skein = find(objects, Deployment.class, "skein");
        Container container =
                skein.getSpec().getTemplate().getSpec().getContainers().get(0);
        assertThat(container.getPorts())
                .extracting(ContainerPort::getName, ContainerPort::getContainerPort)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple("socketio", SKEIN_PORT),
                        org.assertj.core.groups.Tuple.tuple("management", MANAGEMENT_PORT));
        assertThat(container.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/health/ready");
        assertThat(container.getReadinessProbe().getHttpGet().getPort().getStrVal())
                .isEqualTo("management");
        assertThat(container.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/health/live");
        // the grace period covers the preStop pause and Skein's own drain
        long preStop = Long.parseLong(
                container.getLifecycle().getPreStop().getExec().getCommand().get(1));
        long drain = Long.parseLong(env(container, "SKEIN_SHUTDOWN_GRACE_MS")) / 1000;
        assertThat(skein.getSpec().getTemplate().getSpec().getTerminationGracePeriodSeconds())
                .isGreaterThan(preStop + drain);
        assertThat(Long.parseLong(env(container, "SKEIN_DRAIN_DELAY_MS")) / 1000)
                .isLessThan(drain);
        // the Service named skein would otherwise set SKEIN_PORT=tcp://<ip>:3000 in every pod
        assertThat(skein.getSpec().getTemplate().getSpec().getEnableServiceLinks())
                .isFalse();
        // HAProxy has a slot for every replica the autoscaler may start
        HorizontalPodAutoscaler autoscaler = find(objects, HorizontalPodAutoscaler.class, "skein");
        assertThat(autoscaler.getSpec().getMaxReplicas()).isLessThanOrEqualTo(serverTemplateSlots());
    }

    @Test
    void theKindOverlayPutsHaproxyInFrontOfTheHeadlessServiceOnTheMappedPorts() throws Exception {
        List<HasMetadata> objects = render("kind");

        Service headless = find(objects, Service.class, "skein-headless");
        assertThat(headless.getSpec().getClusterIP()).isEqualTo("None");
        Container haproxy = find(objects, Deployment.class, "haproxy")
                .getSpec()
                .getTemplate()
                .getSpec()
                .getContainers()
                .get(0);
        assertThat(env(haproxy, "SKEIN_SERVICE")).isEqualTo("skein-headless.skein.svc.cluster.local");
        List<Integer> nodePorts = find(objects, Service.class, "haproxy").getSpec().getPorts().stream()
                .map(p -> p.getNodePort())
                .toList();
        JsonNode cluster = YAML.readTree(
                REPO.resolve("k8s/overlays/kind/kind-cluster.yaml").toFile());
        List<Integer> mapped = new ArrayList<>();
        cluster.path("nodes")
                .get(0)
                .path("extraPortMappings")
                .forEach(m -> mapped.add(m.path("containerPort").asInt()));
        assertThat(mapped).containsExactlyInAnyOrderElementsOf(nodePorts);
    }

    @Test
    void theK3sOverlayMakesTraefikStickToAPod() throws Exception {
        List<HasMetadata> objects = render("k3s");

        Service skein = find(objects, Service.class, "skein");
        assertThat(skein.getMetadata().getAnnotations())
                .containsEntry("traefik.ingress.kubernetes.io/service.sticky.cookie", "true");
        io.fabric8.kubernetes.api.model.networking.v1.Ingress ingress =
                find(objects, io.fabric8.kubernetes.api.model.networking.v1.Ingress.class, "skein");
        assertThat(ingress.getSpec().getIngressClassName()).isEqualTo("traefik");
        assertThat(ingress.getSpec()
                        .getRules()
                        .get(0)
                        .getHttp()
                        .getPaths()
                        .get(0)
                        .getBackend()
                        .getService()
                        .getName())
                .isEqualTo("skein");
    }

    @ParameterizedTest
    @ValueSource(strings = {"k8s/kind-up.sh", "k8s/k3s-up.sh"})
    void theUpScriptsAreValidBashAndApplyExistingOverlays(String script) {
        Run syntax = run(REPO, "bash", "-n", script);
        assertThat(syntax.exitCode()).as(syntax.output()).isZero();
        assertThat(Files.isExecutable(REPO.resolve(script))).isTrue();

        Matcher paths = Pattern.compile("k8s/overlays/[a-z0-9/.-]+").matcher(read(script));
        int found = 0;
        while (paths.find()) {
            found++;
            assertThat(REPO.resolve(paths.group())).as(paths.group()).exists();
        }
        assertThat(found).isPositive();
    }

    private static List<HasMetadata> render(String overlay) throws IOException {
        Run version = run(REPO, "kubectl", "version", "--client");
        Matcher kustomize = Pattern.compile("Kustomize Version: v(\\d+)").matcher(version.output());
        assertThat(kustomize.find() && Integer.parseInt(kustomize.group(1)) >= 4)
                .as("kubectl with kustomize v4 or later is needed; got: %s", version.output())
                .isTrue();
        Run rendered = run(REPO, "kubectl", "kustomize", "k8s/overlays/" + overlay);
        assertThat(rendered.exitCode()).as(rendered.output()).isZero();

        KubernetesSerialization serialization = new KubernetesSerialization();
        List<HasMetadata> objects = new ArrayList<>();
        for (JsonNode document : YAML.readValues(YAML.createParser(rendered.output()), JsonNode.class)
                .readAll()) {
            KubernetesResource typed = serialization.unmarshal(JSON.writeValueAsString(document));
            assertThat(typed)
                    .as("a known Kubernetes kind: %s", document.path("kind"))
                    .isInstanceOf(HasMetadata.class)
                    .isNotInstanceOf(GenericKubernetesResource.class);
            List<String> unknown = new ArrayList<>();
            unknownFields(typed, document.path("kind").asText(), unknown);
            assertThat(unknown).as("fields the Kubernetes API does not know").isEmpty();
            objects.add((HasMetadata) typed);
        }
        return objects;
    }

    /** Walks the typed object: every field the model did not know lands in an additionalProperties map. */
    private static void unknownFields(Object value, String path, List<String> unknown) {
        if (value instanceof Map<?, ?> map) {
            map.forEach((k, v) -> unknownFields(v, path + "." + k, unknown));
            return;
        }
        if (value instanceof Collection<?> items) {
            int i = 0;
            for (Object item : items) {
                unknownFields(item, path + "[" + i++ + "]", unknown);
            }
            return;
        }
        if (value == null || !value.getClass().getName().startsWith("io.fabric8.kubernetes.api.model")) {
            return;
        }
        for (Method getter : value.getClass().getMethods()) {
            if (getter.getParameterCount() != 0
                    || Modifier.isStatic(getter.getModifiers())
                    || !getter.getName().startsWith("get")
                    || getter.getDeclaringClass() == Object.class) {
                continue;
            }
            Object field = invoke(getter, value);
            if ("getAdditionalProperties".equals(getter.getName())) {
                if (field instanceof Map<?, ?> extra && !extra.isEmpty()) {
                    unknown.add(path + ": " + extra.keySet());
                }
            } else {
                unknownFields(field, path + "." + getter.getName().substring(3), unknown);
            }
        }
    }

    private static Object invoke(Method getter, Object target) {
        try {
            return getter.invoke(target);
        } catch (IllegalAccessException | InvocationTargetException e) {
            throw new AssertionError(getter + " on " + target.getClass(), e);
        }
    }

    private static <T extends HasMetadata> T find(List<HasMetadata> objects, Class<T> type, String name) {
        return objects.stream()
                .filter(type::isInstance)
                .map(type::cast)
                .filter(o -> name.equals(o.getMetadata().getName()))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no " + type.getSimpleName() + " " + name));
    }

    private static String env(Container container, String name) {
        return container.getEnv().stream()
                .filter(e -> name.equals(e.getName()))
                .map(EnvVar::getValue)
                .findFirst()
                .orElseThrow(() -> new AssertionError("no " + name + " in " + container.getName()));
    }

    private static int serverTemplateSlots() {
        Matcher slots = Pattern.compile("server-template \\S+ (\\d+) ").matcher(read(Haproxy.SHIPPED));
        assertThat(slots.find()).isTrue();
        return Integer.parseInt(slots.group(1));
    }

    private static long seconds(String config, String directive) {
        Matcher value = Pattern.compile("(?m)^\\s*" + directive + " (\\d+)s$").matcher(config);
        assertThat(value.find()).as(directive).isTrue();
        return Long.parseLong(value.group(1));
    }

    private static long parseSeconds(String duration) {
        assertThat(duration).matches("\\d+s");
        return Long.parseLong(duration.substring(0, duration.length() - 1));
    }

    private static String describe(HasMetadata object) {
        return object.getKind() + " " + object.getMetadata().getName();
    }

    private static String read(String file) {
        try {
            return Files.readString(REPO.resolve(file), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new AssertionError("cannot read " + file, e);
        }
    }

    /**
     * A finished command.
     *
     * @param exitCode its exit status
     * @param output what it printed on stdout and stderr
     */
    private record Run(int exitCode, String output) {}

    private static Run run(Path dir, String... command) {
        try {
            Process process = new ProcessBuilder(command)
                    .directory(dir.toFile())
                    .redirectErrorStream(true)
                    .start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError(String.join(" ", command) + " did not finish in 60 s");
            }
            return new Run(process.exitValue(), output);
        } catch (IOException e) {
            throw new AssertionError("cannot run " + command[0] + " (.ci/run installs it): " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
