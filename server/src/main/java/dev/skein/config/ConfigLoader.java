package dev.skein.config;

import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads a {@link SkeinConfig} from environment variables and command-line flags, the flags winning.
 * The one place in Skein that reads the environment.
 */
public final class ConfigLoader {
    private ConfigLoader() {}

    /** Whether {@code args} ask for the usage text. */
    public static boolean wantsHelp(String[] args) {
        for (String arg : args) {
            if ("--help".equals(arg) || "-h".equals(arg)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Builds the configuration.
     *
     * @param args command-line flags, {@code --name value} or {@code --name=value}
     * @param env the environment, usually {@link System#getenv()}
     * @throws ConfigException naming the variable or flag at fault, its value and what is expected
     */
    public static SkeinConfig load(String[] args, Map<String, String> env) {
        Map<Setting, Source> sources = new EnumMap<>(Setting.class);
        for (Setting setting : Setting.values()) {
            String value = env.get(setting.envName);
            if (value != null && !value.isBlank()) {
                sources.put(setting, new Source(setting.envName, value));
            }
        }
        readFlags(args, sources);
        SkeinConfig.Builder builder = SkeinConfig.builder();
        Source profile = sources.remove(Setting.PROFILE);
        if (profile != null) {
            apply(Setting.PROFILE, profile, builder);
            builder.build().profile().applyDefaults(builder);
        }
        sources.forEach((setting, source) -> apply(setting, source, builder));
        try {
            return builder.build();
        } catch (ConfigException e) {
            Setting setting = Setting.forField(e.setting());
            Source source = setting == null ? null : sources.get(setting);
            throw source == null ? e : ConfigException.invalid(source.name, setting.shown(source.value), e.expected());
        }
    }

    /**
     * One warning per {@code SKEIN_*} variable of {@code env} that is no setting (a misspelt name would
     * otherwise leave its setting at the default without a word), naming the nearest setting.
     */
    public static List<String> warnings(Map<String, String> env) {
        Set<String> names = new HashSet<>();
        for (Setting setting : Setting.values()) {
            names.add(setting.envName);
        }
        return UnknownVariables.warnings(env, names);
    }

    /** The usage text of {@code --help}: every variable, its flag, default and meaning. */
    public static String usage() {
        StringBuilder out = new StringBuilder("Usage: java -jar skein-server.jar [--flag value ...]\n\n")
                .append("Each setting is an environment variable or the equal flag (the flag wins):\n\n");
        for (Setting s : Setting.values()) {
            out.append(String.format(
                    Locale.ROOT,
                    "  %-24s %-22s %s (default: %s)%n",
                    s.envName,
                    s.flag(),
                    s.description,
                    s.defaultText));
        }
        return out.toString();
    }

    private static void readFlags(String[] args, Map<Setting, Source> sources) {
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            int eq = arg.indexOf('=');
            String flag = eq > 0 ? arg.substring(0, eq) : arg;
            Setting setting = Setting.forFlag(flag);
            if (setting == null) {
                throw ConfigException.invalid("argument", arg, "one of the flags listed by --help");
            }
            if (eq < 0 && i + 1 >= args.length) {
                throw ConfigException.invalid(flag, "(missing)", "a value after " + flag);
            }
            String value = eq > 0 ? arg.substring(eq + 1) : args[++i];
            sources.put(setting, new Source(flag, value));
        }
    }

    private static void apply(Setting setting, Source source, SkeinConfig.Builder builder) {
        try {
            setting.apply(builder, source.value);
        } catch (ConfigException e) {
            throw ConfigException.invalid(
                    source.name, setting.shown(source.value), e.expected() + serviceLinkHint(source));
        }
    }

    /** Kubernetes sets {@code SKEIN_PORT=tcp://...} in every pod of a namespace with a Service {@code skein}. */
    private static String serviceLinkHint(Source source) {
        return source.name.startsWith("SKEIN_")
                        && UnknownVariables.SERVICE_LINK_VALUE
                                .matcher(source.value)
                                .matches()
                ? "; this is a Kubernetes service link of a Service named like the variable: set"
                        + " enableServiceLinks: false in the pod spec"
                : "";
    }

    private record Source(String name, String value) {}
}
