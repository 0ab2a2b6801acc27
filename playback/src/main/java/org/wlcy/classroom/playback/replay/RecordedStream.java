package org.wlcy.classroom.playback.replay;

import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One {@code .mjr} file of a replay's {@code source/} folder, named by the recording service
 * {@code <kind>-<seq>-<user>} plus Janus's {@code -<audio|video>-<mindex>.mjr}, e.g.
 * {@code camera-001-l01-video-1.mjr}. {@code seq} numbers the recorded publishers of one replay
 * (a reconnect or a republish gets a new one), so the audio and video of one publisher share it.
 */
public record RecordedStream(Path file, String kind, int seq, String user, boolean video, int mindex) {
    private static final Pattern NAME = Pattern.compile(
            "(camera|screen)-(\\d+)-(.+)-(audio|video)-(\\d+)\\.mjr");

    /** The file's meaning, or empty for a file not named like a recording. */
    public static Optional<RecordedStream> parse(Path file) {
        Matcher m = NAME.matcher(file.getFileName().toString());
        if (!m.matches()) {
            return Optional.empty();
        }
        return Optional.of(new RecordedStream(file, m.group(1), Integer.parseInt(m.group(2)), m.group(3),
                "video".equals(m.group(4)), Integer.parseInt(m.group(5))));
    }
}
