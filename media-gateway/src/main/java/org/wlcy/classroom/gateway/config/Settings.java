package org.wlcy.classroom.gateway.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;

/**
 * Raw key/value settings: the commented defaults file, then the environment
 * ({@code CLASSROOM_HTTP_PORT}), then flags ({@code --http.port=9090}). Unknown keys are errors,
 * so a typo does not pass silently. Typed reads collect problems instead of stopping at the first.
 */
public final class Settings {
    public static final String DEFAULTS = "classroom-defaults.properties";
    private final Map<String, String> values;
    private final List<String> problems = new ArrayList<>();

    private Settings(Map<String, String> values) {
        this.values = values;
    }

    /** Reads the defaults, then applies environment and flags. */
    public static Settings load(Map<String, String> env, List<String> flags) {
        Map<String, String> values = new LinkedHashMap<>(defaults());
        List<String> problems = new ArrayList<>();
        for (String key : values.keySet()) {
            String envName = "CLASSROOM_" + key.toUpperCase(Locale.ROOT).replace('.', '_');
            if (env.containsKey(envName)) {
                values.put(key, env.get(envName));
            }
        }
        for (String flag : flags) {
            if (!flag.startsWith("--") || !flag.contains("=")) {
                problems.add("flag '" + flag + "' must look like --key=value (e.g. --http.port=9090)");
                continue;
            }
            String key = flag.substring(2, flag.indexOf('='));
            if (!values.containsKey(key)) {
                problems.add("unknown setting '" + key + "'; known settings: " + new TreeSet<>(values.keySet()));
                continue;
            }
            values.put(key, flag.substring(flag.indexOf('=') + 1));
        }
        Settings s = new Settings(values);
        s.problems.addAll(problems);
        return s;
    }

    private static Map<String, String> defaults() {
        Properties p = new Properties();
        try (InputStream in = Settings.class.getClassLoader().getResourceAsStream(DEFAULTS)) {
            if (in == null) {
                throw new IllegalStateException(DEFAULTS + " is missing from the classpath");
            }
            p.load(new InputStreamReader(in, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> m = new LinkedHashMap<>();
        p.stringPropertyNames().forEach(k -> m.put(k, p.getProperty(k).trim()));
        return m;
    }

    public Set<String> keys() {
        return values.keySet();
    }

    public String string(String key) {
        String v = values.get(key);
        if (v == null) {
            throw new IllegalArgumentException("no setting " + key);
        }
        return v.trim();
    }

    public int integer(String key, int min, int max) {
        String v = string(key);
        try {
            int i = Integer.parseInt(v);
            if (i < min || i > max) {
                problems.add(key + "=" + v + " is out of range; use " + min + ".." + max);
            }
            return i;
        } catch (NumberFormatException e) {
            problems.add(key + "=" + v + " is not a whole number; use " + min + ".." + max);
            return min;
        }
    }

    public boolean bool(String key) {
        String v = string(key).toLowerCase(Locale.ROOT);
        if (!v.equals("true") && !v.equals("false")) {
            problems.add(key + "=" + v + " must be true or false");
        }
        return v.equals("true");
    }

    public List<String> list(String key) {
        String v = string(key);
        List<String> out = new ArrayList<>();
        for (String part : v.split(",")) {
            if (!part.isBlank()) {
                out.add(part.trim());
            }
        }
        return out;
    }

    /** Records a problem found while building the typed config. */
    public void problem(String message) {
        problems.add(message);
    }

    public List<String> problems() {
        return List.copyOf(problems);
    }
}
