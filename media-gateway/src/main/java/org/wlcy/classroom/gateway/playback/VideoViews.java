package org.wlcy.classroom.gateway.playback;

import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.LinkedHashMap;
import java.util.Map;
import org.wlcy.classroom.classroom.ClassroomId;
import org.wlcy.classroom.error.ClassroomException;
import org.wlcy.classroom.error.ErrorCode;
import org.wlcy.classroom.gateway.http.Json;
import org.wlcy.classroom.participant.Identity;
import org.wlcy.classroom.participant.Role;
import org.wlcy.classroom.playback.catalog.Video;
import org.wlcy.classroom.playback.catalog.VideoState;

/**
 * Who may see which video, what they see of it, and the HTTP status of the videos' error codes.
 * Trainees (members) see READY videos and no processing details; lecturers of the class see
 * everything; regulators and admins read every class's catalogue.
 */
final class VideoViews {
    private VideoViews() {
    }

    static boolean readsAll(Identity who) {
        return who.role() == Role.REGULATOR || who.role() == Role.ADMIN;
    }

    static boolean isLecturerOf(Identity who, ClassroomId classroom) {
        return who.role() == Role.LECTURER && who.mayEnter(classroom);
    }

    /** May list the class's catalogue (members, regulators, admins). */
    static void checkReader(Identity who, ClassroomId classroom) {
        if (!readsAll(who) && !who.mayEnter(classroom)) {
            throw new ClassroomException(ErrorCode.NOT_A_MEMBER, "your token does not list class " + classroom);
        }
    }

    static void checkLecturer(Identity who, ClassroomId classroom, String what) {
        checkReader(who, classroom);
        if (!isLecturerOf(who, classroom)) {
            throw new ClassroomException(ErrorCode.ROLE_FORBIDDEN, "only a lecturer of the class may " + what);
        }
    }

    /** Whether {@code who} sees this entry at all (trainees: only READY ones). */
    static boolean visible(Identity who, Video v) {
        if (readsAll(who) || isLecturerOf(who, v.classroomId())) {
            return true;
        }
        return who.mayEnter(v.classroomId()) && v.state() == VideoState.READY;
    }

    /** The entry as {@code who} may see it. */
    static Map<String, Object> view(Identity who, Video v) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", v.id().value());
        m.put("classroomId", v.classroomId().value());
        m.put("kind", v.kind().wire());
        m.put("title", v.title());
        m.put("state", v.state().wire());
        m.put("durationMillis", v.durationMillis());
        m.put("tracks", v.tracks());
        m.put("createdAt", v.createdAt().toString());
        if (v.sessionId() != null) {
            m.put("sessionId", v.sessionId());
        }
        if (v.originAt() != null) {
            m.put("originAt", v.originAt().toString());
        }
        if (readsAll(who) || isLecturerOf(who, v.classroomId())) {
            m.put("progress", v.progress());
            m.put("error", v.error());
            m.put("attempts", v.attempts());
            m.put("checked", v.checked());
            m.put("createdBy", v.createdBy());
            m.put("updatedAt", v.updatedAt().toString());
        }
        return m;
    }

    static HttpResponseStatus status(ErrorCode code) {
        return switch (code) {
            case VIDEO_NOT_FOUND -> HttpResponseStatus.NOT_FOUND;
            case NOT_A_VIDEO, FILE_TYPE_REFUSED -> HttpResponseStatus.UNSUPPORTED_MEDIA_TYPE;
            case UPLOAD_TOO_LARGE, CHUNK_TOO_LARGE -> HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE;
            case UPLOAD_OFFSET_MISMATCH, VIDEO_STATE_CONFLICT -> HttpResponseStatus.CONFLICT;
            default -> Json.statusOf(code);
        };
    }

    /** The protocol's error shape plus extra fields (e.g. {@code offset}). */
    static Map<String, Object> error(ErrorCode code, String message, Map<String, Object> extra) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", "error");
        m.put("code", code.code());
        m.put("error", code.name());
        m.put("message", message);
        m.putAll(extra);
        return m;
    }
}
