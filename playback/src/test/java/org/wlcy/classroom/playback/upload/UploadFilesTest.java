package org.wlcy.classroom.playback.upload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wlcy.classroom.error.ClassroomException;
import org.wlcy.classroom.error.ErrorCode;

/** Resumable upload bookkeeping: offsets, limits, and a failed chunk that loses nothing received before it. */
class UploadFilesTest {
    @TempDir
    Path folder;
    private final UploadFiles uploads = new UploadFiles(100);
    private final UploadTicket ticket = new UploadTicket("第一课.MP4", "mp4", 250, "video/mp4");

    private static ByteBuffer bytes(int n, int fill) {
        byte[] b = new byte[n];
        java.util.Arrays.fill(b, (byte) fill);
        return ByteBuffer.wrap(b);
    }

    private long chunk(long offset, int n, int fill) {
        UploadFiles.Chunk c = uploads.open(folder, ticket, offset, n);
        c.write(bytes(n, fill));
        return c.commit();
    }

    @Test
    void chunksAppendAtTheCurrentEndAndSurviveARestart() throws Exception {
        uploads.start(folder, ticket);
        assertThat(uploads.ticket(folder)).contains(ticket);
        assertThat(uploads.received(folder, ticket)).isZero();
        assertThat(chunk(0, 100, 1)).isEqualTo(100);
        assertThat(chunk(100, 100, 2)).isEqualTo(200);
        UploadFiles afterRestart = new UploadFiles(100);
        assertThat(afterRestart.ticket(folder)).contains(ticket);
        assertThat(afterRestart.received(folder, ticket)).isEqualTo(200);
        assertThat(chunk(200, 50, 3)).isEqualTo(250);
        byte[] all = Files.readAllBytes(uploads.source(folder, ticket));
        assertThat(all).hasSize(250);
        assertThat(all[0]).isEqualTo((byte) 1);
        assertThat(all[150]).isEqualTo((byte) 2);
        assertThat(all[249]).isEqualTo((byte) 3);
        assertThat(uploads.source(folder, ticket).getFileName().toString()).isEqualTo("upload.mp4");
    }

    @Test
    void aWrongOffsetIsRefusedWithWhereToResume() {
        uploads.start(folder, ticket);
        chunk(0, 100, 1);
        assertThatThrownBy(() -> uploads.open(folder, ticket, 0, 100))
                .isInstanceOfSatisfying(UploadFiles.OffsetMismatch.class, e -> {
                    assertThat(e.received()).isEqualTo(100);
                    assertThat(e.code()).isEqualTo(ErrorCode.UPLOAD_OFFSET_MISMATCH);
                });
        assertThatThrownBy(() -> uploads.open(folder, ticket, 150, 10)).isInstanceOf(UploadFiles.OffsetMismatch.class);
        assertThat(uploads.received(folder, ticket)).isEqualTo(100);
    }

    @Test
    void anOversizedChunkIsRefusedAndAHalfWrittenOneIsCutBack() {
        uploads.start(folder, ticket);
        chunk(0, 100, 1);
        assertThatThrownBy(() -> uploads.open(folder, ticket, 100, 101))
                .isInstanceOfSatisfying(ClassroomException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CHUNK_TOO_LARGE));
        // length unknown up front (chunked transfer): refused while streaming, then cut back
        UploadFiles.Chunk c = uploads.open(folder, ticket, 100, -1);
        c.write(bytes(60, 9));
        assertThatThrownBy(() -> c.write(bytes(60, 9)))
                .isInstanceOfSatisfying(ClassroomException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CHUNK_TOO_LARGE));
        c.abort();
        assertThat(uploads.received(folder, ticket)).isEqualTo(100);
        // past the declared size
        chunk(100, 100, 2);
        assertThatThrownBy(() -> uploads.open(folder, ticket, 200, 60))
                .isInstanceOfSatisfying(ClassroomException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.UPLOAD_TOO_LARGE));
        UploadFiles.Chunk d = uploads.open(folder, ticket, 200, -1);
        assertThatThrownBy(() -> d.write(bytes(51, 9))).isInstanceOf(ClassroomException.class);
        d.abort();
        assertThat(uploads.received(folder, ticket)).isEqualTo(200);
        chunk(200, 50, 3);
        assertThatThrownBy(() -> uploads.open(folder, ticket, 250, 1))
                .isInstanceOfSatisfying(ClassroomException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.VIDEO_STATE_CONFLICT));
    }

    @Test
    void oneWriterAtATime() {
        assertThat(uploads.tryLock(folder)).isTrue();
        assertThat(uploads.tryLock(folder)).isFalse();
        uploads.unlock(folder);
        assertThat(uploads.tryLock(folder)).isTrue();
    }

    @Test
    void extensionsAreLowerCased() {
        assertThat(UploadTicket.extensionOf("Lesson.One.MOV")).isEqualTo("mov");
        assertThat(UploadTicket.extensionOf("noext")).isEmpty();
        assertThat(UploadTicket.extensionOf("trailing.")).isEmpty();
    }
}
