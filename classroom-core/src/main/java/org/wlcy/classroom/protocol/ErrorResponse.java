package org.wlcy.classroom.protocol;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.wlcy.classroom.error.ErrorCode;

/**
 * The reply to a request that failed, or to a frame that could not be read (then without
 * {@code requestId}). {@code code} is numeric, {@code error} its stable name.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ErrorResponse(String requestId, int code, String error, String message)
        implements ServerMessage {

    public static ErrorResponse of(String requestId, ErrorCode code, String message) {
        return new ErrorResponse(requestId, code.code(), code.name(), message);
    }
}
