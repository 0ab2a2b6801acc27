package org.wlcy.classroom.gateway.http;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.wlcy.classroom.classroom.ClassroomId;
import org.wlcy.classroom.error.ClassroomException;
import org.wlcy.classroom.error.ErrorCode;
import org.wlcy.classroom.gateway.auth.TokenService;
import org.wlcy.classroom.gateway.proctoring.ProctoringWiring;
import org.wlcy.classroom.participant.Identity;
import org.wlcy.classroom.participant.Role;
import org.wlcy.classroom.proctoring.integrity.CanonicalJson;
import org.wlcy.classroom.proctoring.integrity.Checkpoint;
import org.wlcy.classroom.proctoring.integrity.MerkleTree;
import org.wlcy.classroom.proctoring.integrity.TraceProofs;
import org.wlcy.classroom.proctoring.regulator.ClassReports;

/**
 * The live checkpoint of a class's signed trace (issue L, docs/trace-bundle.md §4.2):
 * {@code GET /api/classes/{id}/trace/checkpoint} answers the newest signed checkpoint (with its
 * canonical line, what {@code verify-bundle --known-checkpoints} reads), and
 * {@code GET /api/classes/{id}/trace/consistency?from=N&to=M} the RFC 6962 consistency proof between
 * two sizes of the log. For the class's lecturers, admins and regulators of the class's region.
 * Answers from the blocking executor.
 */
final class TraceCheckpointApi implements ApiRoute {
    private static final Pattern PATH = Pattern.compile("^/api/classes/([^/]+)/trace/(checkpoint|consistency)$");
    private static final Pattern SIZE = Pattern.compile("0|[1-9][0-9]{0,17}");

    private final TokenService tokens;
    private final ProctoringWiring proctoring;
    private final TraceProofs proofs;
    private final ClassLogCache logs;
    private final java.time.InstantSource clock;

    TraceCheckpointApi(TokenService tokens, ProctoringWiring proctoring, java.time.InstantSource clock) {
        this.tokens = tokens;
        this.clock = clock;
        this.proctoring = proctoring;
        this.proofs = new TraceProofs(proctoring.store());
        this.logs = new ClassLogCache(proctoring.store(), 500_000);
    }

    @Override
    public boolean handle(ChannelHandlerContext ctx, FullHttpRequest req, String path, Json json) {
        Matcher m = PATH.matcher(path);
        if (!m.matches()) {
            return false;
        }
        if (!req.method().equals(HttpMethod.GET)) {
            json.write(ctx, req, HttpResponseStatus.METHOD_NOT_ALLOWED, Map.of("type", "error", "code", 304,
                    "error", "ROLE_FORBIDDEN", "message", "the trace checkpoint is read-only"));
            return true;
        }
        Identity who = ApiRoute.bearer(tokens, req);
        ClassroomId id;
        try {
            id = new ClassroomId(m.group(1));
        } catch (IllegalArgumentException e) {
            throw new ClassroomException(ErrorCode.INVALID_FIELD, "classroomId: " + e.getMessage());
        }
        if (who.role() != Role.LECTURER && who.role() != Role.REGULATOR && who.role() != Role.ADMIN) {
            throw new ClassroomException(ErrorCode.ROLE_FORBIDDEN,
                    "the trace checkpoint is for the class's lecturers and regulators");
        }
        if (who.role() == Role.LECTURER && !who.mayEnter(id)) {
            throw new ClassroomException(ErrorCode.NOT_A_MEMBER, "your token does not list class " + id.value());
        }
        QueryStringDecoder query = new QueryStringDecoder(req.uri());
        boolean checkpoint = m.group(2).equals("checkpoint");
        OffTheLoop.run(proctoring.blocking(), ctx, req,
                "trace " + m.group(2) + " of " + id, OffTheLoop.plain(json), () -> {
            requireClass(who, id);
            json.write(ctx, req, HttpResponseStatus.OK, checkpoint ? checkpoint(id) : consistency(id, query));
        });
        return true;
    }

    /** The class has a log, and a regulator's region covers it (blocking: reads the log). */
    private void requireClass(Identity who, ClassroomId id) {
        if (!proctoring.store().classrooms().contains(id)) {
            throw new ClassroomException(ErrorCode.CLASS_NOT_FOUND, "no records of class " + id.value());
        }
        if (who.role() == Role.REGULATOR) {
            Instant now = clock.instant();
            String region = ClassReports.build(id, logs.events(id), Instant.EPOCH, now, now,
                    proctoring.attendance()).region();
            String prefix = who.region().replaceAll("0+$", "");
            if (!prefix.isEmpty() && (region == null || !region.startsWith(prefix))) {
                throw new ClassroomException(ErrorCode.NOT_A_MEMBER, "class " + id.value() + " is outside your region");
            }
        }
    }

    /** The newest signed checkpoint; one is signed now if the class has none yet. */
    private Checkpoint newest(ClassroomId id) {
        return proctoring.integrity().newestCheckpoint(id).orElseGet(() -> proctoring.integrity().checkpointNow(id));
    }

    private Map<String, Object> checkpoint(ClassroomId id) {
        Checkpoint cp = newest(id);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("classroomId", cp.classroomId().value());
        body.put("treeSize", cp.treeSize());
        body.put("rootHash", cp.rootHash());
        body.put("issuedAt", CanonicalJson.instant(cp.issuedAt()));
        body.put("keyId", cp.keyId());
        body.put("signature", cp.signature());
        body.put("line", new String(CanonicalJson.checkpoint(cp), StandardCharsets.UTF_8));
        body.put("note", proctoring.checkpointNote(cp)); // issue L witnesses: C2SP checkpoint note (+ cosignatures)
        return body;
    }

    private Map<String, Object> consistency(ClassroomId id, QueryStringDecoder query) {
        Checkpoint cp = newest(id);
        long to = size(query, "to", cp.treeSize());
        long from = size(query, "from", -1);
        if (from < 0) {
            throw new ClassroomException(ErrorCode.INVALID_FIELD, "from: the tree size to prove from is required");
        }
        if (to > cp.treeSize()) {
            throw new ClassroomException(ErrorCode.INVALID_FIELD, "to: " + to + " is beyond the newest signed checkpoint"
                    + " (treeSize " + cp.treeSize() + ")");
        }
        if (from > to) {
            throw new ClassroomException(ErrorCode.INVALID_FIELD, "from: " + from + " is larger than to (" + to + ")");
        }
        TraceProofs.Answer a = proofs.consistency(id, from, to);
        if (to == cp.treeSize() && !MerkleTree.hex(a.toRoot()).equals(cp.rootHash())) {
            throw new IllegalStateException("the stored log of " + id + " no longer gives the root of checkpoint treeSize "
                    + to);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("classroomId", id.value());
        body.put("fromSize", from);
        body.put("toSize", to);
        body.put("fromRoot", MerkleTree.hex(a.fromRoot()));
        body.put("toRoot", MerkleTree.hex(a.toRoot()));
        body.put("proof", a.proof().proofHex());
        body.put("line", new String(a.proof().line(), StandardCharsets.UTF_8));
        return body;
    }

    /** A whole-number query parameter, or {@code absent} when it is not given. */
    private static long size(QueryStringDecoder q, String name, long absent) {
        List<String> v = q.parameters().get(name);
        if (v == null || v.isEmpty()) {
            return absent;
        }
        if (v.size() > 1 || !SIZE.matcher(v.get(0)).matches()) {
            throw new ClassroomException(ErrorCode.INVALID_FIELD, name + ": must be one whole number >= 0, not '"
                    + String.join(",", v) + "'");
        }
        return Long.parseLong(v.get(0));
    }
}
