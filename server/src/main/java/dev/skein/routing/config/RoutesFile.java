package dev.skein.routing.config;

import dev.skein.config.ConfigException;
import dev.skein.routing.RouteMatcher;
import dev.skein.routing.RouteMatcherProvider;
import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.Node;

/**
 * Reads a routes file (docs/routing.md) and checks all of it: every error is one line {@code file:line:
 * what}, and all of them come together in one {@link ConfigException} for {@code SKEIN_ROUTES_FILE}.
 */
public final class RoutesFile {
    public static final String SETTING = "SKEIN_ROUTES_FILE";
    public static final Duration DEFAULT_TIMEOUT = Duration.ofMillis(5_000);
    public static final int DEFAULT_MAX_IN_FLIGHT = 1_000;
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofMillis(2_000);
    public static final Duration DEFAULT_SET_ASIDE = Duration.ofMillis(10_000);
    public static final Duration DEFAULT_PING_INTERVAL = Duration.ofMillis(25_000);
    public static final int DEFAULT_MAX_CONNECTIONS = 64;
    public static final Duration DEFAULT_DNS_REFRESH = Duration.ofMillis(5_000);

    private static final int MAX_MILLIS = 3_600_000;
    private static final Set<String> TOP = Set.of("services", "routes", "hooks");
    private static final Set<String> SERVICE = ordered(
            "protocol",
            "instances",
            "dns",
            "connect_timeout_ms",
            "set_aside_ms",
            "ping_interval_ms",
            "max_connections");
    private static final Set<String> DNS = ordered("name", "port", "scheme", "path", "refresh_ms");
    private static final Set<String> ROUTE = ordered(
            "name", "namespace", "event", "method", "matcher", "options", "service", "timeout_ms", "max_in_flight");
    private static final Set<String> HOOKS = ordered("connect", "disconnect");
    private static final Set<String> HOOK = ordered("service", "timeout_ms", "namespaces");
    private static final java.util.regex.Pattern SERVICE_NAME = java.util.regex.Pattern.compile("[A-Za-z0-9_.-]{1,64}");

    private final Path file;
    private final YamlReader yaml;
    private final Map<String, RouteMatcherProvider> providers;

    private RoutesFile(Path file, Map<String, RouteMatcherProvider> providers) {
        this.file = file;
        this.yaml = new YamlReader(file);
        this.providers = providers;
    }

    /**
     * Reads {@code file}, with the matchers {@link ServiceLoader} finds for {@code matcher:} routes.
     *
     * @throws ConfigException listing every error, one line each
     */
    public static RoutesSpec read(Path file) {
        return read(file, loadProviders());
    }

    /** Reads {@code file} with the given custom matchers by name. */
    public static RoutesSpec read(Path file, Map<String, RouteMatcherProvider> providers) {
        return new RoutesFile(file, providers).read();
    }

    private static Map<String, RouteMatcherProvider> loadProviders() {
        Map<String, RouteMatcherProvider> byName = new HashMap<>();
        for (RouteMatcherProvider provider : ServiceLoader.load(RouteMatcherProvider.class)) {
            byName.put(provider.name(), provider);
        }
        return byName;
    }

    private RoutesSpec read() {
        Node root = compose();
        RoutesSpec spec = root == null ? null : spec(root);
        if (!yaml.errors().isEmpty()) {
            throw ConfigException.inFile(SETTING, yaml.errors());
        }
        return spec;
    }

    private Node compose() {
        LoadSettings settings = LoadSettings.builder()
                .setLabel(file.toString())
                .setAllowDuplicateKeys(true) // reported by YamlReader with the key's line
                .setMaxAliasesForCollections(10)
                .setCodePointLimit(1_000_000)
                .build();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            Node root = new Compose(settings).composeReader(in).orElse(null);
            if (root == null) {
                yaml.error(null, "the file is empty (expected: services: and routes:)");
            }
            return root;
        } catch (MarkedYamlEngineException e) {
            int line = e.getProblemMark().map(m -> m.getLine() + 1).orElse(0);
            yaml.errors().add(file + ":" + line + ": not valid YAML: " + e.getProblem());
        } catch (YamlEngineException e) {
            yaml.errors().add(file + ": not valid YAML: " + e.getMessage());
        } catch (IOException e) {
            yaml.errors().add(file + ": cannot be read: " + e.getMessage());
        }
        return null;
    }

    private RoutesSpec spec(Node root) {
        Map<String, Node> top = yaml.mapping(root, "the file", TOP);
        Map<String, ServiceSpec> services = new LinkedHashMap<>();
        if (top.containsKey("services")) {
            yaml.mapping(top.get("services"), "services", Set.of())
                    .forEach((name, node) -> service(name, node, services));
        } else if (root instanceof org.snakeyaml.engine.v2.nodes.MappingNode) {
            yaml.error(root, "services: missing (expected: a mapping of service names to services)");
        }
        if (services.isEmpty() && top.containsKey("services")) {
            yaml.error(top.get("services"), "services: none (expected: at least one service)");
        }
        List<RouteSpec> routes = new ArrayList<>();
        if (top.containsKey("routes")) {
            List<Node> items = yaml.sequence(top.get("routes"), "routes");
            for (int i = 0; i < items.size(); i++) {
                RouteSpec route = route(i + 1, items.get(i), services);
                if (route != null) {
                    routes.add(route);
                }
            }
        } else if (root instanceof org.snakeyaml.engine.v2.nodes.MappingNode) {
            yaml.error(root, "routes: missing (expected: a list of routes)");
        }
        Map<String, Node> hooks = top.containsKey("hooks") ? yaml.mapping(top.get("hooks"), "hooks", HOOKS) : Map.of();
        HookSpec connect = hooks.containsKey("connect") ? hook("connect", hooks.get("connect"), services) : null;
        HookSpec disconnect =
                hooks.containsKey("disconnect") ? hook("disconnect", hooks.get("disconnect"), services) : null;
        return new RoutesSpec(file, services, routes, connect, disconnect);
    }

    private void service(String name, Node node, Map<String, ServiceSpec> services) {
        String what = "service '" + name + "'";
        if (!SERVICE_NAME.matcher(name).matches()) {
            yaml.error(node, what + ": the name (expected: 1-64 characters of A-Z a-z 0-9 _ . -)");
        }
        Map<String, Node> keys = yaml.mapping(node, what, SERVICE);
        Protocol protocol = protocol(what, keys.get("protocol"), node);
        List<URI> instances = new ArrayList<>();
        DnsSpec dns = null;
        if (keys.containsKey("instances") == keys.containsKey("dns")) {
            yaml.error(node, what + ": give instances: or dns:, one of them");
        } else if (keys.containsKey("instances")) {
            instances = instances(what, keys.get("instances"), protocol);
        } else {
            dns = dns(what, keys.get("dns"), protocol);
        }
        ServiceSpec spec = new ServiceSpec(
                name,
                protocol,
                List.copyOf(instances),
                dns,
                millis(keys, "connect_timeout_ms", what, DEFAULT_CONNECT_TIMEOUT),
                millis(keys, "set_aside_ms", what, DEFAULT_SET_ASIDE),
                millis(keys, "ping_interval_ms", what, DEFAULT_PING_INTERVAL),
                count(keys, "max_connections", what, DEFAULT_MAX_CONNECTIONS));
        if (protocol != null) {
            services.put(name, spec);
        }
    }

    private Protocol protocol(String what, Node node, Node service) {
        if (node == null) {
            yaml.error(service, what + ": protocol: missing (expected: http or websocket)");
            return null;
        }
        String value = yaml.string(node, what + ": protocol");
        if ("http".equals(value)) {
            return Protocol.HTTP;
        }
        if ("websocket".equals(value)) {
            return Protocol.WEBSOCKET;
        }
        if (value != null) {
            yaml.error(node, what + ": protocol : " + value + " (expected: http or websocket)");
        }
        return null;
    }

    private List<URI> instances(String what, Node node, Protocol protocol) {
        List<URI> uris = new ArrayList<>();
        List<Node> items = yaml.sequence(node, what + ": instances");
        if (items.isEmpty() && node instanceof org.snakeyaml.engine.v2.nodes.SequenceNode) {
            yaml.error(node, what + ": instances: none (expected: at least one URL)");
        }
        for (Node item : items) {
            String text = yaml.string(item, what + ": instance");
            URI uri = text == null ? null : url(text, protocol);
            if (text != null && uri == null) {
                yaml.error(
                        item,
                        what + ": instance : " + text + " (expected: " + schemes(protocol)
                                + " URL with a host, such as " + example(protocol) + ")");
            } else if (uri != null) {
                uris.add(uri);
            }
        }
        return uris;
    }

    private DnsSpec dns(String what, Node node, Protocol protocol) {
        Map<String, Node> keys = yaml.mapping(node, what + ": dns", DNS);
        String name = keys.containsKey("name") ? yaml.string(keys.get("name"), what + ": dns: name") : null;
        if (!keys.containsKey("name")) {
            yaml.error(node, what + ": dns: name: missing (expected: the DNS name of the instances)");
        }
        int port = keys.containsKey("port") ? yaml.integer(keys.get("port"), what + ": dns: port", 1, 65_535, 80) : 0;
        if (!keys.containsKey("port")) {
            yaml.error(node, what + ": dns: port: missing (expected: 1..65535)");
        }
        String fallbackScheme = protocol == Protocol.WEBSOCKET ? "ws" : "http";
        String scheme =
                keys.containsKey("scheme") ? yaml.string(keys.get("scheme"), what + ": dns: scheme") : fallbackScheme;
        if (scheme != null && protocol != null && !allowedSchemes(protocol).contains(scheme)) {
            yaml.error(
                    keys.get("scheme"), what + ": dns: scheme : " + scheme + " (expected: " + schemes(protocol) + ")");
        }
        String path = keys.containsKey("path") ? yaml.string(keys.get("path"), what + ": dns: path") : "/";
        if (path != null && !path.startsWith("/")) {
            yaml.error(keys.get("path"), what + ": dns: path : " + path + " (expected: a path starting with /)");
        }
        return new DnsSpec(name, port, scheme, path, millis(keys, "refresh_ms", what + ": dns", DEFAULT_DNS_REFRESH));
    }

    private RouteSpec route(int index, Node node, Map<String, ServiceSpec> services) {
        String what = "route " + index;
        Map<String, Node> keys = yaml.mapping(node, what, ROUTE);
        String name = keys.containsKey("name") ? yaml.string(keys.get("name"), what + ": name") : null;
        String namespace =
                keys.containsKey("namespace") ? yaml.string(keys.get("namespace"), what + ": namespace") : "/";
        if (namespace != null && !"*".equals(namespace) && !namespace.startsWith("/")) {
            yaml.error(keys.get("namespace"), what + ": namespace : " + namespace + " (expected: /name, or * for all)");
        }
        String event = keys.containsKey("event") ? yaml.string(keys.get("event"), what + ": event") : null;
        String method = keys.containsKey("method") ? yaml.string(keys.get("method"), what + ": method") : null;
        String service = keys.containsKey("service") ? yaml.string(keys.get("service"), what + ": service") : null;
        RouteMatcher matcher;
        boolean namesService;
        if (keys.containsKey("matcher")) {
            if (keys.containsKey("event") || keys.containsKey("method")) {
                yaml.error(node, what + ": matcher: with event: or method: (expected: a matcher alone)");
            }
            matcher = custom(what, keys.get("matcher"), keys.get("options"));
            namesService = true;
        } else {
            if (keys.containsKey("options")) {
                yaml.error(keys.get("options"), what + ": options: without matcher: (expected: options of a matcher)");
            }
            if (!keys.containsKey("event") && !keys.containsKey("method")) {
                yaml.error(node, what + ": event:, method: or matcher: missing (expected: one of them)");
                return null;
            }
            PatternMatcher patterns = patterns(what, keys, event, method);
            matcher = patterns;
            // a method pattern that did not read is reported once, not again as a missing service
            namesService = patterns == null ? keys.containsKey("method") : patterns.namesService();
        }
        checkService(what, node, keys, service, namesService, services);
        Duration timeout = millis(keys, "timeout_ms", what, DEFAULT_TIMEOUT);
        int maxInFlight = count(keys, "max_in_flight", what, DEFAULT_MAX_IN_FLIGHT);
        if (matcher == null) {
            return null;
        }
        String shown = name != null ? name : defaultName(index, event, method, keys);
        return new RouteSpec(
                shown,
                "*".equals(namespace) ? null : namespace,
                matcher,
                method != null,
                service,
                timeout,
                maxInFlight,
                YamlReader.line(node));
    }

    private PatternMatcher patterns(String what, Map<String, Node> keys, String event, String method) {
        if ((keys.containsKey("event") && event == null) || (keys.containsKey("method") && method == null)) {
            return null;
        }
        try {
            return PatternMatcher.of(event == null ? "*" : event, method);
        } catch (IllegalArgumentException e) {
            yaml.error(keys.get("method"), what + ": method : " + method + " (expected: " + e.getMessage() + ")");
            return null;
        }
    }

    private void checkService(
            String what,
            Node node,
            Map<String, Node> keys,
            String service,
            boolean namesService,
            Map<String, ServiceSpec> services) {
        if (service == null && !namesService && !keys.containsKey("service")) {
            yaml.error(node, what + ": service: missing (expected: a service of services:, or {service} in method:)");
        } else if (service != null && keys.containsKey("method") && namesService) {
            yaml.error(keys.get("service"), what + ": service: with {service} in method: (expected: one of them)");
        } else if (service != null && !services.containsKey(service)) {
            yaml.error(
                    keys.get("service"),
                    what + ": service : " + service + " (expected: one of " + services.keySet() + ")");
        }
    }

    private RouteMatcher custom(String what, Node nameNode, Node optionsNode) {
        String name = yaml.string(nameNode, what + ": matcher");
        RouteMatcherProvider provider = name == null ? null : providers.get(name);
        if (name != null && provider == null) {
            yaml.error(
                    nameNode,
                    what + ": matcher : " + name + " (expected: one of " + providers.keySet()
                            + ", matchers found on the class path)");
            return null;
        }
        Map<String, Object> options = Map.of();
        if (optionsNode != null) {
            Map<String, Node> entries = yaml.mapping(optionsNode, what + ": options", Set.of());
            Map<String, Object> plain = new LinkedHashMap<>();
            entries.forEach((key, value) -> plain.put(key, yaml.plain(value)));
            options = java.util.Collections.unmodifiableMap(plain);
        }
        if (provider == null) {
            return null;
        }
        try {
            return java.util.Objects.requireNonNull(provider.create(options), "matcher");
        } catch (RuntimeException e) {
            yaml.error(
                    optionsNode != null ? optionsNode : nameNode, what + ": matcher " + name + ": " + e.getMessage());
            return null;
        }
    }

    private HookSpec hook(String kind, Node node, Map<String, ServiceSpec> services) {
        String what = "hooks: " + kind;
        Map<String, Node> keys = yaml.mapping(node, what, HOOK);
        String service = keys.containsKey("service") ? yaml.string(keys.get("service"), what + ": service") : null;
        ServiceSpec spec = service == null ? null : services.get(service);
        if (!keys.containsKey("service")) {
            yaml.error(node, what + ": service: missing (expected: an http service of services:)");
        } else if (service != null && (spec == null || spec.protocol() != Protocol.HTTP)) {
            yaml.error(
                    keys.get("service"), what + ": service : " + service + " (expected: an http service of services:)");
        }
        Set<String> namespaces = new LinkedHashSet<>();
        if (keys.containsKey("namespaces")) {
            namespaces.addAll(yaml.strings(keys.get("namespaces"), what + ": namespaces"));
        }
        return new HookSpec(service, millis(keys, "timeout_ms", what, DEFAULT_TIMEOUT), Set.copyOf(namespaces));
    }

    private Duration millis(Map<String, Node> keys, String key, String what, Duration fallback) {
        Node node = keys.get(key);
        return node == null
                ? fallback
                : Duration.ofMillis(yaml.integer(node, what + ": " + key, 1, MAX_MILLIS, (int) fallback.toMillis()));
    }

    private int count(Map<String, Node> keys, String key, String what, int fallback) {
        Node node = keys.get(key);
        return node == null ? fallback : yaml.integer(node, what + ": " + key, 1, 1_000_000, fallback);
    }

    private static String defaultName(int index, String event, String method, Map<String, Node> keys) {
        if (method != null) {
            return method;
        }
        if (event != null) {
            return event;
        }
        return keys.containsKey("matcher") ? "matcher-" + index : "route-" + index;
    }

    /** An absolute URL of the protocol's schemes with a host, or {@code null}. */
    private static URI url(String text, Protocol protocol) {
        try {
            URI uri = new URI(text);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            boolean fits = protocol == null || allowedSchemes(protocol).contains(scheme);
            return fits && uri.getHost() != null && uri.getUserInfo() == null ? uri : null;
        } catch (URISyntaxException e) {
            return null;
        }
    }

    private static String schemes(Protocol protocol) {
        return protocol == Protocol.WEBSOCKET ? "a ws: or wss:" : "an http: or https:";
    }

    private static Set<String> allowedSchemes(Protocol protocol) {
        return protocol == Protocol.WEBSOCKET ? Set.of("ws", "wss") : Set.of("http", "https");
    }

    private static String example(Protocol protocol) {
        return protocol == Protocol.WEBSOCKET ? "ws://10.0.0.5:8002/feed" : "http://10.0.0.5:8001/events";
    }

    private static Set<String> ordered(String... keys) {
        return java.util.Collections.unmodifiableSet(new LinkedHashSet<>(List.of(keys)));
    }
}
