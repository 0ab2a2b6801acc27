package org.wlcy.classroom.loadtest;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Fetches tokens from the development issuer ({@code POST /api/dev/tokens}, servers started with
 * {@code auth.devMode=true}) before the load starts, so the measured load is WebSocket only.
 */
final class Tokens {
    private static final Pattern TOKEN = Pattern.compile("\"token\"\\s*:\\s*\"([^\"]+)\"");

    private Tokens() {
    }

    /** One person of the load: their class, id, role and the token for them. */
    record Person(String classroomId, String userId, String role, int index) {
        Map<String, Object> feed(String token) {
            Map<String, Object> m = new HashMap<>();
            m.put("classroomId", classroomId);
            m.put("userId", userId);
            m.put("role", role);
            m.put("index", index);
            m.put("token", token);
            return m;
        }
    }

    /** Feeder records (classroomId, userId, role, index, token) for the people, in order. */
    static List<Map<String, Object>> issue(List<Person> people) {
        HttpClient client = HttpClient.newBuilder()
                // Plain HTTP/1.1: no h2c upgrade header, which Node's http server takes for an upgrade.
                .version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
        URI uri = URI.create(LoadSettings.baseUrl() + "/api/dev/tokens");
        Semaphore inFlight = new Semaphore(16);
        List<CompletableFuture<Map<String, Object>>> futures = new ArrayList<>();
        for (Person p : people) {
            String body = "{\"sub\":\"" + p.userId() + "\",\"role\":\"" + p.role() + "\",\"classes\":[\""
                    + p.classroomId() + "\"],\"name\":\"" + p.userId() + "\",\"ttlSeconds\":7200}";
            HttpRequest req = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build();
            inFlight.acquireUninterruptibly();
            futures.add(client.sendAsync(req, HttpResponse.BodyHandlers.ofString())
                    .whenComplete((r, e) -> inFlight.release())
                    .thenApply(r -> {
                        Matcher m = TOKEN.matcher(r.body());
                        if (r.statusCode() != 200 || !m.find()) {
                            throw new IllegalStateException("no token for " + p + ": HTTP " + r.statusCode()
                                    + " " + r.body() + " (is the server in dev mode, auth.devMode=true?)");
                        }
                        return p.feed(m.group(1));
                    }));
        }
        List<Map<String, Object>> out = new ArrayList<>(futures.size());
        for (CompletableFuture<Map<String, Object>> f : futures) {
            out.add(f.join());
        }
        return out;
    }

    /** Lecturers and trainees of {@code classes} classes named {@code <prefix>-<n>}. */
    static List<Person> classes(String prefix, int classes, int lecturers, int trainees, String role) {
        List<Person> people = new ArrayList<>();
        for (int c = 1; c <= classes; c++) {
            String classroomId = prefix + "-" + c;
            int count = role.equals("lecturer") ? lecturers : trainees;
            for (int i = 1; i <= count; i++) {
                String user = (role.equals("lecturer") ? "l" : "t") + String.format("%02d", i) + "-" + classroomId;
                people.add(new Person(classroomId, user, role, i));
            }
        }
        return people;
    }
}
