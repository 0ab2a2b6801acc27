package org.wlcy.classroom.playback.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JanusPpRecTest {
    /** The header as Janus 1.1.2 writes it (taken from a real recording of the e2e test). */
    private static final String HEADER = "{\"t\": \"v\", \"c\": \"vp8\", \"x\": {\"13\": \"urn:3gpp:video-orientation\"}, "
            + "\"s\": 1795947931090694, \"u\": 1795947931123843}";

    private static Path mjr(Path dir, String json) throws IOException {
        byte[] header = json.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes("MJR00002".getBytes(StandardCharsets.US_ASCII));
        out.write(header.length >> 8);
        out.write(header.length & 0xff);
        out.writeBytes(header);
        out.writeBytes("MEET".getBytes(StandardCharsets.US_ASCII));
        Path f = dir.resolve("camera-001-l01-video-1.mjr");
        Files.write(f, out.toByteArray());
        return f;
    }

    @Test
    void theHeaderIsReadFromTheFileWithoutRunningTheTool(@TempDir Path dir) throws Exception {
        Remuxer.Header h = new JanusPpRec("/nonexistent/janus-pp-rec").header(mjr(dir, HEADER));

        assertThat(h.video()).isTrue();
        assertThat(h.codec()).isEqualTo("vp8");
        assertThat(h.firstPacketMicros()).isEqualTo(1795947931123843L);
    }

    @Test
    void aFileThatIsNotAnMjrRecordingGoesToTheToolAndFailsClearly(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("camera-001-l01-audio-0.mjr");
        Files.writeString(f, "not a recording");

        assertThatThrownBy(() -> new JanusPpRec("/nonexistent/janus-pp-rec").header(f)).isInstanceOf(IOException.class);
    }

    @Test
    void aHeaderWithoutTimesIsRefused(@TempDir Path dir) throws Exception {
        Path f = mjr(dir, "{\"t\": \"a\", \"c\": \"opus\"}");

        assertThatThrownBy(() -> new JanusPpRec("janus-pp-rec").header(f)).isInstanceOf(IOException.class)
                .hasMessageContaining("first-packet time");
    }
}
