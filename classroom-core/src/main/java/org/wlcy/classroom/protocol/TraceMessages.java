package org.wlcy.classroom.protocol;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.wlcy.classroom.trace.TraceKind;

/** The learning trace: pages write events; the server acknowledges them once durable. */
public final class TraceMessages {
    /** Most events in one {@code trace.append}. */
    public static final int MAX_EVENTS = 100;
    /** The kinds a page may write; everything else is recorded by the server itself. */
    public static final Set<TraceKind> CLIENT_KINDS = EnumSet.of(TraceKind.HEARTBEAT, TraceKind.VISIBILITY_HIDDEN,
            TraceKind.VISIBILITY_VISIBLE, TraceKind.WINDOW_BLUR, TraceKind.WINDOW_FOCUS, TraceKind.FULLSCREEN_EXIT,
            TraceKind.AUDIO_STATE);

    private TraceMessages() {
    }

    /**
     * One event as a page reports it. {@code id} is unique per page and event (e.g. a random page
     * id plus a counter) and stays the same when the page resends it after a reconnect.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ClientTraceEvent(String id, TraceKind kind,
                                   @JsonDeserialize(using = ClientInstantDeserializer.class) Instant clientTime,
                                   Map<String, Object> data) {
        public ClientTraceEvent {
            Fields.text(id, "events[].id", 64);
            Fields.required(kind, "events[].kind");
            if (!CLIENT_KINDS.contains(kind)) {
                throw new IllegalArgumentException("events[].kind '" + kind.wire() + "' is recorded by the server, "
                        + "not sent by pages");
            }
            Fields.clientInstant(clientTime, "events[].clientTime");
            if (data != null && data.values().stream().anyMatch(java.util.Objects::isNull)) {
                throw new IllegalArgumentException("events[].data holds a null; leave the field out instead");
            }
            data = data == null ? Map.of() : Map.copyOf(data);
            ClientTraceData.check(kind, data);
        }
    }

    /** {@code trace.append}: 1-100 events, in the order they happened. */
    public record AppendTraceRequest(String requestId, List<ClientTraceEvent> events) implements ClientMessage {
        public AppendTraceRequest {
            Fields.requestId(requestId);
            Fields.required(events, "events");
            if (events.isEmpty() || events.size() > MAX_EVENTS) {
                throw new IllegalArgumentException("events must hold 1-" + MAX_EVENTS + " events");
            }
            events = List.copyOf(events);
        }
    }

    /** {@code trace.append.ok}: the ids now durable (duplicates of earlier sends included). */
    public record AppendTraceResponse(String requestId, List<String> acked) implements ServerMessage {
    }
}
