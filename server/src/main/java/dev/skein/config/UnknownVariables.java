package dev.skein.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Finds {@code SKEIN_*} environment variables that are no setting of Skein, so that a misspelt one (a
 * security setting above all) is reported at start instead of silently ignored. Kubernetes' service-link
 * variables of a Service named {@code skein} ({@code SKEIN_SERVICE_HOST}, {@code SKEIN_PORT_3000_TCP},
 * ...) are not reported: they are the cluster's, not the operator's.
 */
final class UnknownVariables {
    private static final String PREFIX = "SKEIN_";
    /** The names Kubernetes gives the links to a Service whose name starts with {@code skein}. */
    private static final Pattern SERVICE_LINK_NAME = Pattern.compile(
            "SKEIN(_[A-Z0-9]+)*_(SERVICE_HOST|SERVICE_PORT(_[A-Z0-9_]+)?|PORT(_\\d+_(TCP|UDP|SCTP)(_[A-Z]+)?)?)");
    /** The value of a service link's {@code <NAME>_PORT} variable: {@code tcp://10.96.0.12:3000}. */
    static final Pattern SERVICE_LINK_VALUE = Pattern.compile("(tcp|udp|sctp)://.*");
    /** Variables of Skein's own tools, read by them and not by a node. */
    private static final Set<String> TOOLS = Set.of("SKEIN_BENCH_JAVA_OPTS");

    private UnknownVariables() {}

    /**
     * One line per {@code SKEIN_*} variable of {@code env} that no setting reads, with the nearest
     * setting's name when one is close, in name order.
     */
    static List<String> warnings(Map<String, String> env, Set<String> settingNames) {
        List<String> lines = new ArrayList<>();
        for (String name : new TreeSet<>(env.keySet())) {
            if (name.startsWith(PREFIX) && !settingNames.contains(name) && !ignored(name, env.get(name))) {
                lines.add(line(name, settingNames));
            }
        }
        return lines;
    }

    private static boolean ignored(String name, String value) {
        if (TOOLS.contains(name)) {
            return true;
        }
        return SERVICE_LINK_NAME.matcher(name).matches()
                && (!name.endsWith("_PORT")
                        || name.endsWith("_SERVICE_PORT")
                        || SERVICE_LINK_VALUE.matcher(value).matches());
    }

    private static String line(String name, Set<String> settingNames) {
        String nearest = nearest(name, settingNames);
        return String.format(
                Locale.ROOT,
                "%s is not a setting of Skein and is ignored%s; see --help",
                name,
                nearest == null ? "" : " (did you mean " + nearest + "?)");
    }

    /** The setting within three edits of {@code name}, the closest first; null if none is. */
    static String nearest(String name, Set<String> settingNames) {
        String best = null;
        int bestDistance = 4;
        for (String candidate : new TreeSet<>(settingNames)) {
            int d = distance(name, candidate);
            if (d < bestDistance) {
                best = candidate;
                bestDistance = d;
            }
        }
        return best;
    }

    /** Levenshtein distance. */
    private static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
