package dev.skein.routing.config;

import dev.skein.routing.RouteMatcher;
import dev.skein.socket.Args;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The built-in matcher of a route: an event name pattern ({@code *} standing for any characters), and for the
 * Linkis form a {@code method} pattern that the event's first argument's {@code method} string must match
 * ({@code {name}} standing for one path segment, {@code {path}} for the rest, {@code {service}} naming the
 * service). Immutable.
 */
final class PatternMatcher implements RouteMatcher {
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([A-Za-z][A-Za-z0-9]*)}");

    private final Pattern event;
    private final String eventText;
    private final Pattern method;
    private final String methodText;
    private final boolean namesService;

    private PatternMatcher(Pattern event, String eventText, Pattern method, String methodText, boolean namesService) {
        this.event = event;
        this.eventText = eventText;
        this.method = method;
        this.methodText = methodText;
        this.namesService = namesService;
    }

    /**
     * @param eventGlob the event name pattern, {@code *} for any event
     * @param methodPattern the Linkis method pattern, {@code null} for none
     * @throws IllegalArgumentException when {@code methodPattern} does not start with {@code /}
     */
    static PatternMatcher of(String eventGlob, String methodPattern) {
        Pattern method = methodPattern == null ? null : methodRegex(methodPattern);
        boolean namesService = methodPattern != null && methodPattern.contains("{service}");
        return new PatternMatcher(globRegex(eventGlob), eventGlob, method, methodPattern, namesService);
    }

    /** Whether the method pattern names the service ({@code {service}}). */
    boolean namesService() {
        return namesService;
    }

    @Override
    public String match(String namespace, String name, Args args) {
        if (event != null && !event.matcher(name).matches()) {
            return null;
        }
        if (method == null) {
            return ROUTE_SERVICE;
        }
        if (!(args.get(0) instanceof Map<?, ?> first) || !(first.get("method") instanceof String text)) {
            return null;
        }
        Matcher m = method.matcher(text);
        if (!m.matches()) {
            return null;
        }
        return namesService ? m.group("service") : ROUTE_SERVICE;
    }

    @Override
    public String toString() {
        return method == null ? "event " + eventText : "method " + methodText + " on event " + eventText;
    }

    private static Pattern globRegex(String glob) {
        if ("*".equals(glob)) {
            return null;
        }
        StringBuilder regex = new StringBuilder();
        for (String part : glob.split("\\*", -1)) {
            if (regex.length() > 0) {
                regex.append(".*");
            }
            regex.append(Pattern.quote(part));
        }
        return Pattern.compile(regex.toString().replace("\\Q\\E", ""));
    }

    private static Pattern methodRegex(String pattern) {
        if (!pattern.startsWith("/")) {
            throw new IllegalArgumentException("a path starting with /, such as /api/v1/{service}/{path}");
        }
        StringBuilder regex = new StringBuilder();
        Matcher m = PLACEHOLDER.matcher(pattern);
        int last = 0;
        java.util.Set<String> seen = new java.util.HashSet<>();
        while (m.find()) {
            regex.append(Pattern.quote(pattern.substring(last, m.start())));
            String name = m.group(1);
            if (!seen.add(name)) {
                throw new IllegalArgumentException("each {name} once, {" + name + "} is there twice");
            }
            regex.append("path".equals(name) ? "(?<path>.*)" : "(?<" + name + ">[^/]+)");
            last = m.end();
        }
        regex.append(Pattern.quote(pattern.substring(last)));
        return Pattern.compile(regex.toString());
    }
}
