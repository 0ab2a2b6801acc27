package org.wlcy.classroom.playback;

import java.nio.file.Path;
import java.util.Optional;

/**
 * What a finished transcode wrote.
 *
 * @param masterPlaylist  {@code master.m3u8}, listing the renditions below
 * @param videoPlaylist   the H.264 (+ AAC when there was audio) rendition, if there was video
 * @param audioPlaylist   the audio-only AAC rendition, if there was audio
 * @param durationMicros  length of the aligned timeline (the later end of the two inputs)
 * @param width           video rendition width, 0 without video
 * @param height          video rendition height, 0 without video
 */
public record TranscodeResult(Path masterPlaylist, Optional<Path> videoPlaylist, Optional<Path> audioPlaylist,
                              long durationMicros, int width, int height) {
}
