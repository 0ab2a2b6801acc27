package org.wlcy.classroom.protocol;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;
import java.util.regex.Pattern;
import org.wlcy.classroom.participant.UserId;

/** Danmaku (弹幕): short comments flying over the lesson video, kept for the replay. */
public final class DanmakuMessages {
    /** Longest danmaku, in characters (code points). */
    public static final int MAX_TEXT = 40;
    private static final Pattern COLOR = Pattern.compile("#[0-9a-f]{6}");

    private DanmakuMessages() {
    }

    /**
     * One danmaku. {@code mediaTimeMs} is milliseconds since the live lesson started (server time):
     * a replay shows it at the same moment of the recording.
     */
    public record DanmakuView(String danmakuId, UserId userId, String displayName, String text, String color,
                              long mediaTimeMs, Instant sentAt, boolean masked) {
    }

    /** {@code danmaku.send} (lecturers and trainees, during a live lesson): 1-40 characters, one line. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record SendDanmakuRequest(String requestId, String text, String color) implements ClientMessage {
        public SendDanmakuRequest {
            Fields.requestId(requestId);
            Fields.typedText(text, "text", MAX_TEXT, false);
            if (color != null) {
                color = color.toLowerCase(java.util.Locale.ROOT);
                if (!COLOR.matcher(color).matches()) {
                    throw new IllegalArgumentException("color must look like #ff8800");
                }
            }
        }
    }

    /** {@code danmaku.send.ok}: the danmaku as shown. */
    public record SendDanmakuResponse(String requestId, DanmakuView danmaku) implements ServerMessage {
    }

    /** {@code danmaku.shown}: to everyone in the class. */
    public record DanmakuShownEvent(DanmakuView danmaku) implements ServerMessage {
    }

    /** {@code danmaku.toggle} (lecturers): switch danmaku on or off for the class. */
    public record ToggleDanmakuRequest(String requestId, Boolean enabled) implements ClientMessage {
        public ToggleDanmakuRequest {
            Fields.requestId(requestId);
            Fields.required(enabled, "enabled");
        }
    }

    /** {@code danmaku.toggle.ok}. */
    public record ToggleDanmakuResponse(String requestId, boolean enabled) implements ServerMessage {
    }

    /** {@code danmaku.toggled}: to everyone in the class; also to someone who joins while it is off. */
    public record DanmakuToggledEvent(boolean enabled, UserId by) implements ServerMessage {
    }

    /** {@code danmaku.list}: the danmaku of one lesson (default: the live one), for a replay. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ListDanmakuRequest(String requestId, String sessionId) implements ClientMessage {
        public ListDanmakuRequest {
            Fields.requestId(requestId);
            if (sessionId != null) {
                Fields.text(sessionId, "sessionId", 64);
            }
        }
    }

    /** {@code danmaku.list.ok}: ordered by {@code mediaTimeMs}. */
    public record ListDanmakuResponse(String requestId, String sessionId, List<DanmakuView> items)
            implements ServerMessage {
    }
}
