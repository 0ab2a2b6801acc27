package org.wlcy.classroom.media;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One ICE candidate as browsers exchange it ({@code RTCIceCandidateInit}).
 *
 * @param candidate      the {@code candidate:...} line
 * @param sdpMid         media id it belongs to
 * @param sdpMLineIndex  m-line index it belongs to
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record IceCandidate(String candidate, String sdpMid, Integer sdpMLineIndex) {
}
