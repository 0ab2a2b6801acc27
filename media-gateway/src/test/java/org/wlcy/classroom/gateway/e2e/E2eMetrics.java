package org.wlcy.classroom.gateway.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;

/** Figures the end-to-end tests measure, printed and appended to {@code target/e2e-metrics.txt}. */
final class E2eMetrics {
    private E2eMetrics() {
    }

    static void record(String line) throws IOException {
        System.out.println("[e2e] " + line);
        Path out = Path.of("target", "e2e-metrics.txt");
        Files.createDirectories(out.getParent());
        Files.writeString(out, Instant.now() + " " + line + "\n", StandardCharsets.UTF_8,
                StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }
}
