package org.wlcy.classroom.loadtest;

import java.time.Duration;

/**
 * The simulations' parameters, read from system properties ({@code -Dload.classes=100} etc.);
 * scripts/loadtest.sh passes its {@code --key=value} options as {@code -Dload.key=value}.
 */
final class LoadSettings {
    private LoadSettings() {
    }

    /** The server's HTTP base, e.g. {@code http://127.0.0.1:8080}; WebSocket is the same with ws:. */
    static String baseUrl() {
        String url = System.getProperty("load.baseUrl", "http://127.0.0.1:8080");
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    static String wsBaseUrl() {
        return baseUrl().replaceFirst("^http", "ws");
    }

    static int integer(String key, int fallback) {
        String raw = System.getProperty("load." + key);
        return raw == null || raw.isBlank() ? fallback : Integer.parseInt(raw.trim());
    }

    static double decimal(String key, double fallback) {
        String raw = System.getProperty("load." + key);
        return raw == null || raw.isBlank() ? fallback : Double.parseDouble(raw.trim());
    }

    static Duration seconds(String key, double fallback) {
        return Duration.ofMillis(Math.round(decimal(key, fallback) * 1000));
    }

    /** A run's tag so that repeated runs against one server use fresh class ids. */
    static String runTag() {
        return System.getProperty("load.runTag", Long.toString(System.currentTimeMillis() % 1_000_000, 36));
    }

    /** Where a simulation writes its own figures (deliveries, storm); empty = nowhere. */
    static String summaryFile() {
        return System.getProperty("load.summaryFile", "");
    }
}
