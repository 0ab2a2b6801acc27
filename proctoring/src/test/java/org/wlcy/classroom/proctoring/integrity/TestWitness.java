package org.wlcy.classroom.proctoring.integrity;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.PublicKey;
import java.security.Signature;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * issue L witnesses: a real C2SP {@code tlog-witness} for tests, on 127.0.0.1 ({@code POST /add-checkpoint}).
 * It trusts one log key for every origin under one prefix, remembers the newest checkpoint it
 * cosigned per origin, and answers as the spec says: 404 unknown origin, 403 no valid log signature,
 * 400 old size larger than the checkpoint, 409 (with its size, {@code text/x.tlog.size}) when the old
 * size is not the one it cosigned, 409 same size other root, 422 consistency proof does not verify;
 * otherwise it records the checkpoint and returns its {@code cosignature/v1} line. It also cosigns
 * directly ({@link #addCheckpoint}) for tests without HTTP.
 */
public final class TestWitness implements AutoCloseable {
    /** A stored view of one log. */
    private record Seen(long size, byte[] root) {
    }

    /** An answer: HTTP status, content type, body. */
    public record Answer(int status, String contentType, String body) {
    }

    private final String name;
    private final KeyPair key;
    private final PublicKey logKey;
    private final String originPrefix;
    private final InstantSource clock;
    private final Map<String, Seen> seen = new HashMap<>();
    private final AtomicInteger requests = new AtomicInteger();
    private final List<Answer> answers = new ArrayList<>();
    private HttpServer server;

    public TestWitness(String name, KeyPair key, PublicKey logKey, String originPrefix, InstantSource clock) {
        this.name = name;
        this.key = key;
        this.logKey = logKey;
        this.originPrefix = originPrefix;
        this.clock = clock;
    }

    /** The witness's verifier key (type 0x04). */
    public CheckpointNote.VerifierKey verifierKey() {
        return new CheckpointNote.VerifierKey(name, CheckpointNote.COSIGNATURE_V1,
                CheckpointSigner.rawPublicKey(key.getPublic()));
    }

    /** Starts serving on 127.0.0.1 at a free port; returns the submission prefix URL. */
    public String start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        server.createContext("/add-checkpoint", this::handle);
        server.start();
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/";
    }

    /** Stops answering (a dead witness). */
    @Override
    public void close() {
        if (server != null) {
            server.stop(0);
            server = null;
        }
    }

    public int requests() {
        return requests.get();
    }

    public synchronized List<Answer> answers() {
        return List.copyOf(answers);
    }

    /** The size it last cosigned for the origin, or 0. */
    public synchronized long size(String origin) {
        Seen s = seen.get(origin);
        return s == null ? 0 : s.size();
    }

    private void handle(HttpExchange ex) throws IOException {
        requests.incrementAndGet();
        Answer a;
        if (!ex.getRequestMethod().equals("POST")) {
            a = new Answer(405, "text/plain", "POST only\n");
        } else {
            a = addCheckpoint(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        }
        byte[] body = a.body().getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", a.contentType());
        ex.sendResponseHeaders(a.status(), body.length == 0 ? -1 : body.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(body);
        }
    }

    /** The add-checkpoint checks on a request body. */
    public synchronized Answer addCheckpoint(String request) {
        Answer a = check(request);
        answers.add(a);
        return a;
    }

    private Answer check(String request) {
        int blank = request.indexOf("\n\n");
        if (!request.startsWith("old ") || blank < 0) {
            return new Answer(400, "text/plain", "not old-size, proof lines, blank line, checkpoint\n");
        }
        String[] head = request.substring(0, blank).split("\n");
        if (!head[0].matches("old (0|[1-9][0-9]*)") || head.length - 1 > 63) {
            return new Answer(400, "text/plain", "bad old size line\n");
        }
        long old = Long.parseLong(head[0].substring(4));
        List<byte[]> proof = new ArrayList<>();
        for (int i = 1; i < head.length; i++) {
            proof.add(Base64.getDecoder().decode(head[i]));
        }
        CheckpointNote.Note note;
        CheckpointNote.Body body;
        try {
            note = CheckpointNote.Note.parse(request.substring(blank + 2));
            body = CheckpointNote.parseBody(note.body());
        } catch (IllegalArgumentException e) {
            return new Answer(400, "text/plain", e.getMessage() + "\n");
        }
        if (!body.origin().startsWith(originPrefix + "/")) {
            return new Answer(404, "text/plain", "unknown origin\n");
        }
        CheckpointNote.VerifierKey log = new CheckpointNote.VerifierKey(body.origin(), CheckpointNote.ED25519,
                CheckpointSigner.rawPublicKey(logKey));
        if (note.signatures().stream().noneMatch(s -> CheckpointNote.verifyNoteSignature(log, note.body(), s))) {
            return new Answer(403, "text/plain", "no valid signature of the log's key\n");
        }
        if (old > body.treeSize()) {
            return new Answer(400, "text/plain", "old size larger than the checkpoint\n");
        }
        Seen s = seen.getOrDefault(body.origin(), new Seen(0, null));
        if (old != s.size()) {
            return new Answer(409, "text/x.tlog.size", s.size() + "\n");
        }
        if (old == 0) {
            if (!proof.isEmpty()) {
                return new Answer(422, "text/plain", "the proof from size 0 is empty\n");
            }
        } else if (old == body.treeSize()) {
            if (!Arrays.equals(s.root(), body.root())) {
                return new Answer(409, "text/plain", "same size, another root\n");
            }
        } else if (!MerkleTree.verifyConsistency(old, body.treeSize(), proof, s.root(), body.root())) {
            return new Answer(422, "text/plain", "the consistency proof does not verify\n");
        }
        seen.put(body.origin(), new Seen(body.treeSize(), body.root()));
        return new Answer(200, "text/plain", cosign(note.body()));
    }

    /** A cosignature/v1 line of this witness over a note body, timestamped now. */
    public String cosign(String noteBody) {
        long t = clock.instant().getEpochSecond();
        try {
            Signature s = Signature.getInstance("Ed25519");
            s.initSign(key.getPrivate());
            s.update(CheckpointNote.cosignedMessage(t, noteBody));
            CheckpointNote.VerifierKey me = verifierKey();
            return new CheckpointNote.SignatureLine(name, me.keyHash(), CheckpointNote.cosignatureBytes(t, s.sign())).text();
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
