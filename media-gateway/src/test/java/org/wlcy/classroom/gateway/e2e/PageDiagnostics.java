package org.wlcy.classroom.gateway.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/**
 * What a page knows about its media when a wait ends badly: the page's {@code window.__diag()}
 * (see {@code web/js/classroom-page.js} and {@code media-diag.js}), or, on a page without it, what
 * a snippet can read. {@link #summary()} is a few lines for a failure message (connection, lesson,
 * banner, each peer connection's ICE and connection state, candidates, frames, timeline, recent
 * signalling, errors); {@link #save(String)} writes the whole snapshot under
 * {@code target/e2e-diag/}.
 */
final class PageDiagnostics {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Evaluated in the page: resolves with a JSON string. */
    static final String SNAPSHOT_JS = """
            const done = arguments[arguments.length - 1];
            const fallback = async () => {
              const b = document.getElementById('error-banner');
              const pcs = [];
              const list = (window.classroom && window.classroom.peerConnections) ? window.classroom.peerConnections() : [];
              for (const p of list) {
                const s = {direction: p.direction, streamId: p.streamId, kind: p.kind, userId: p.userId || null,
                           ice: p.pc.iceConnectionState, connection: p.pc.connectionState, frames: 0};
                try { (await p.pc.getStats()).forEach(r => { if (r.type === 'inbound-rtp' && r.kind === 'video') s.frames += (r.framesDecoded || 0); }); } catch (e) { s.error = String(e); }
                pcs.push(s);
              }
              return {fallback: true, url: location.pathname, readyState: document.readyState,
                      banner: b && !b.hidden ? {code: b.getAttribute('data-code'), text: b.textContent} : null, peers: pcs};
            };
            const snap = typeof window.__diag === 'function' ? window.__diag() : fallback();
            Promise.resolve(snap).then(d => done(JSON.stringify(d)), e => done(JSON.stringify({error: 'diagnostics failed: ' + e})));
            """;

    private final JsonNode root;
    private final String raw;

    private PageDiagnostics(String raw, JsonNode root) {
        this.raw = raw;
        this.root = root;
    }

    static PageDiagnostics of(String json) {
        try {
            return new PageDiagnostics(json, JSON.readTree(json));
        } catch (IOException e) {
            return new PageDiagnostics(json, JSON.createObjectNode().put("error", "unreadable snapshot: " + json));
        }
    }

    static PageDiagnostics failed(Throwable e) {
        String msg = String.valueOf(e.getMessage()).lines().findFirst().orElse("");
        return new PageDiagnostics("{}", JSON.createObjectNode().put("error", "no snapshot: " + e.getClass()
                .getSimpleName() + ": " + msg));
    }

    JsonNode json() {
        return root;
    }

    /** Saves the whole snapshot; returns the file (relative to the module), or null if it could not. */
    Path save(String what) {
        try {
            Path dir = Path.of("target", "e2e-diag");
            Files.createDirectories(dir);
            String name = LocalTime.now().format(DateTimeFormatter.ofPattern("HHmmss-SSS")) + "-"
                    + what.replaceAll("[^A-Za-z0-9]+", "-").replaceAll("(^-|-$)", "");
            Path file = dir.resolve(name.substring(0, Math.min(name.length(), 100)) + ".json");
            Files.writeString(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root),
                    StandardCharsets.UTF_8);
            return file;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** One line: enough to follow a wait while it runs. */
    String oneLine() {
        if (root.has("error")) {
            return root.path("error").asText();
        }
        if (root.path("fallback").asBoolean()) {
            return "page " + root.path("url").asText() + " (no __diag): " + root.path("peers");
        }
        JsonNode m = root.path("media");
        StringBuilder b = new StringBuilder();
        b.append(root.path("page").asText()).append(' ').append(text(root.path("you").path("userId")))
                .append(": ws ").append(root.path("connection").asText())
                .append(", lesson ").append(root.path("lesson").asText());
        if (!root.path("breakout").isMissingNode() && !root.path("breakout").isNull()) {
            b.append(", breakout ").append(root.path("breakout").asText());
        }
        b.append("; subs");
        if (m.path("subscriptions").isEmpty()) {
            b.append(" none");
        }
        for (JsonNode s : m.path("subscriptions")) {
            b.append(" [").append(text(s.path("userId"))).append(' ').append(text(s.path("kind")));
            if (!s.path("groupId").isNull()) {
                b.append('@').append(s.path("groupId").asText());
            }
            b.append(' ').append(peerState(s)).append(inbound(s)).append(retry(s)).append(']');
        }
        return b.toString();
    }

    /** Several lines for a failure message. */
    String summary() {
        if (root.has("error") || root.path("fallback").asBoolean()) {
            return oneLine();
        }
        JsonNode m = root.path("media");
        List<String> lines = new ArrayList<>();
        JsonNode banner = root.path("banner");
        lines.add("page " + root.path("page").asText() + " " + text(root.path("you").path("userId"))
                + " (" + root.path("url").asText() + ", " + root.path("visibility").asText() + "): ws "
                + root.path("connection").asText() + " (reconnects " + root.path("reconnectAttempts").asInt()
                + ", resumes " + root.path("resumes").asInt() + "), lesson " + root.path("lesson").asText()
                + ", breakout " + text(root.path("breakout")) + ", media server " + (m.path("mediaUp").asBoolean()
                ? "up" : "DOWN") + ", joined " + m.path("joined").asBoolean() + ", room epoch "
                + m.path("roomEpoch").asInt() + ", banner " + (banner.isNull() || banner.isMissingNode() ? "none"
                : "[" + text(banner.path("code")) + "] " + banner.path("text").asText()));
        lines.add("  wanted local " + m.path("wantLocal") + ", local states " + m.path("localState"));
        for (JsonNode p : m.path("publishers")) {
            lines.add("  publishing " + p.path("kind").asText() + " " + text(p.path("streamId")) + ": " + peerState(p)
                    + outbound(p) + retry(p) + "; " + timeline(p));
        }
        for (JsonNode s : m.path("subscriptions")) {
            lines.add("  subscribed " + s.path("streamId").asText() + " (" + text(s.path("userId")) + " "
                    + text(s.path("kind")) + (s.path("groupId").isNull() ? "" : " in " + s.path("groupId").asText())
                    + "): " + peerState(s) + inbound(s) + retry(s) + "; " + timeline(s));
        }
        List<String> unsubscribed = new ArrayList<>();
        for (JsonNode a : m.path("announced")) {
            if (!a.path("own").asBoolean() && !a.path("subscribed").asBoolean()) {
                unsubscribed.add(a.path("streamId").asText() + " (" + text(a.path("userId")) + " "
                        + text(a.path("kind")) + ")");
            }
        }
        lines.add("  streams announced " + m.path("announced").size() + (unsubscribed.isEmpty() ? ""
                : ", NOT subscribed: " + unsubscribed) + "; tiles " + root.path("tiles"));
        for (JsonNode e : m.path("ended")) {
            if (lines.size() > 30) {
                break;
            }
            lines.add("  ended " + e.path("direction").asText() + " " + e.path("label").asText() + " "
                    + text(e.path("target")) + " (" + e.path("endedMsAgo").asLong() + " ms ago): " + timeline(e));
        }
        if (m.path("errors").size() > 0) {
            lines.add("  errors " + m.path("errors"));
        }
        List<String> recent = new ArrayList<>();
        JsonNode log = m.path("recent");
        long at = m.path("atMs").asLong();
        for (int i = Math.max(0, log.size() - 15); i < log.size(); i++) {
            JsonNode e = log.get(i);
            recent.add("-" + (at - e.path("t").asLong()) + "ms " + e.path("dir").asText() + " "
                    + compact(e));
        }
        lines.add("  last signalling (newest last): " + String.join(" | ", recent));
        return String.join("\n", lines);
    }

    /**
     * When the steps to the first frame of {@code userId}'s {@code kind} happened, in ms since the
     * page loaded: e.g. {@code join.ok 310, subscribe 330, subscribe.ok 350, answer.ok 372,
     * ice connected 380, media.state connected 410, first packet video 430, first frame shown 452}.
     */
    String firstFrameBreakdown(String userId, String kind) {
        JsonNode m = root.path("media");
        List<String> out = new ArrayList<>();
        JsonNode firsts = m.path("firsts");
        addFirst(out, firsts, "ws open", "ws open");
        addFirst(out, firsts, "out class.join", "join");
        addFirst(out, firsts, "in class.join.ok", "join.ok");
        for (JsonNode s : m.path("subscriptions")) {
            if (!userId.equals(s.path("userId").asText()) || !kind.equals(s.path("kind").asText())) {
                continue;
            }
            long base = s.path("createdAt").asLong();
            for (JsonNode e : s.path("timeline")) {
                String what = e.path("what").asText();
                String label = switch (what) {
                    case "media.subscribe sent" -> "subscribe";
                    case "media.subscribe.ok" -> "subscribe.ok";
                    case "media.answer.ok" -> "answer.ok";
                    case "ice" -> "connected".equals(e.path("detail").asText()) ? "ice connected" : null;
                    case "media.state connected" -> "media.state connected";
                    case "first packet" -> "first packet " + e.path("detail").asText();
                    case "first frame shown" -> "first frame shown";
                    default -> null;
                };
                if (label != null) {
                    out.add(label + " " + (base + e.path("t").asLong()));
                }
            }
            break;
        }
        return String.join(", ", out);
    }

    private static void addFirst(List<String> out, JsonNode firsts, String key, String label) {
        if (firsts.has(key)) {
            out.add(label + " " + firsts.path(key).asLong());
        }
    }

    private static String peerState(JsonNode p) {
        if (p.path("ice").isMissingNode() || p.path("ice").isNull()) {
            return p.path("busy").asBoolean() ? "negotiating (no peer connection yet)"
                    : p.path("waiting").asBoolean() ? "waiting to retry" : "no peer connection";
        }
        JsonNode pair = p.path("stats").path("pair");
        return "ice " + p.path("ice").asText() + "/pc " + p.path("connection").asText() + "/gathering "
                + p.path("gathering").asText() + "/sig " + p.path("signaling").asText() + ", candidates local "
                + p.path("localCandidates").asInt() + " remote " + p.path("remoteCandidates").asInt()
                + (p.path("endOfRemoteCandidates").asBoolean() ? "+end" : "") + " (buffered "
                + p.path("remoteCandidatesBuffered").asInt() + ", errors " + p.path("candidateErrors").asInt()
                + "), pair " + (pair.isMissingNode() || pair.isNull() ? "none" : pair.path("state").asText() + " "
                + pair.path("local").asText() + " <-> " + pair.path("remote").asText()) + ", age "
                + p.path("ageMs").asLong() + " ms";
    }

    private static String inbound(JsonNode p) {
        StringBuilder b = new StringBuilder();
        for (JsonNode r : p.path("stats").path("inbound")) {
            b.append(", in ").append(r.path("kind").asText()).append(' ').append(r.path("packets").asLong())
                    .append(" pkts");
            if ("video".equals(r.path("kind").asText())) {
                b.append(' ').append(r.path("framesReceived").asLong()).append(" recv/")
                        .append(r.path("framesDecoded").asLong()).append(" decoded/")
                        .append(r.path("keyFramesDecoded").asLong()).append(" key, pli ").append(r.path("pli").asLong());
            }
        }
        return b.toString();
    }

    private static String outbound(JsonNode p) {
        StringBuilder b = new StringBuilder();
        for (JsonNode r : p.path("stats").path("outbound")) {
            b.append(", out ").append(r.path("kind").asText()).append(' ').append(r.path("packets").asLong())
                    .append(" pkts");
            if ("video".equals(r.path("kind").asText())) {
                b.append(' ').append(r.path("framesEncoded").asLong()).append(" frames/")
                        .append(r.path("keyFramesEncoded").asLong()).append(" key, pli ").append(r.path("pli").asLong());
            }
        }
        return b.toString();
    }

    private static String retry(JsonNode p) {
        return p.path("attempts").asInt() > 0 || !p.path("retryInMs").isNull() && !p.path("retryInMs").isMissingNode()
                ? ", attempts " + p.path("attempts").asInt() + (p.path("retryInMs").isNumber()
                ? ", retry in " + p.path("retryInMs").asLong() + " ms" : "") : "";
    }

    private static String timeline(JsonNode p) {
        List<String> steps = new ArrayList<>();
        for (JsonNode e : p.path("timeline")) {
            steps.add("+" + e.path("t").asLong() + " " + e.path("what").asText()
                    + (e.has("detail") && !e.path("detail").isNull() ? " " + e.path("detail").asText() : ""));
        }
        return "timeline " + String.join(", ", steps);
    }

    private static String compact(JsonNode e) {
        StringBuilder b = new StringBuilder(e.path("type").asText(e.path("what").asText(e.path("state").asText())));
        e.fields().forEachRemaining(f -> {
            if (!List.of("t", "dir", "type").contains(f.getKey())) {
                b.append(' ').append(f.getKey()).append('=').append(f.getValue().isTextual() ? f.getValue().asText()
                        : f.getValue().toString());
            }
        });
        String s = b.toString();
        return s.length() > 220 ? s.substring(0, 220) + "…" : s;
    }

    private static String text(JsonNode n) {
        return n == null || n.isMissingNode() || n.isNull() ? "-" : n.asText();
    }

    @Override
    public String toString() {
        return raw;
    }
}
