package org.wlcy.classroom.proctoring.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wlcy.classroom.trace.TraceEvent;

/** The contract on {@link FileTraceStore}, plus what only files can go through: torn tails and rot. */
class FileTraceStoreTest extends TraceStoreContract {
    @TempDir
    Path dir;

    @Override
    protected TraceStore openStore() {
        return FileTraceStore.open(dir);
    }

    private Path eventsFile() {
        return eventsFile(C1);
    }

    private Path eventsFile(org.wlcy.classroom.classroom.ClassroomId c) {
        return dir.resolve("classes").resolve(c.value()).resolve("events.log");
    }

    @Override
    protected void plant(TraceEvent e) {
        writeRecord(e.classroomId(), TraceRecordCodec.encodeEvent(e));
    }

    @Override
    protected void plantUnreadable(org.wlcy.classroom.classroom.ClassroomId c) {
        writeRecord(c, ("{\"index\":" + store.size(c) + ",\"kind\":\"no.such.kind\"}").getBytes(StandardCharsets.UTF_8));
    }

    /** Appends one intact frame holding {@code payload} to the class's events file, with the store closed. */
    private void writeRecord(org.wlcy.classroom.classroom.ClassroomId c, byte[] payload) {
        store.close();
        GrowableBuffer frame = new GrowableBuffer();
        RecordFile.frame(frame, payload);
        try {
            Files.write(eventsFile(c), java.util.Arrays.copyOf(frame.asByteBuffer().array(), frame.size()),
                    java.nio.file.StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        store = openStore();
    }

    @Test
    void aTornTailIsCutOffAndKeptAsideAndAppendsGoOn() throws IOException {
        append(event(C1, "e0"), event(C1, "e1"), event(C1, "e2"));
        store.close();
        long length = Files.size(eventsFile());
        try (RandomAccessFile f = new RandomAccessFile(eventsFile().toFile(), "rw")) {
            f.setLength(length - 10);
            f.seek(length - 10);
            f.write("garbage after a crash that is longer than the rest of the record".getBytes(StandardCharsets.UTF_8));
        }

        store = openStore();
        assertThat(store.read(C1, 0, 10)).extracting(TraceEvent::eventId).containsExactly("e0", "e1");
        assertThat(append(event(C1, "e2"), event(C1, "e3"))).extracting(TraceEvent::index).containsExactly(2L, 3L);
        reopen();
        assertThat(store.read(C1, 0, 10)).extracting(TraceEvent::eventId).containsExactly("e0", "e1", "e2", "e3");
        try (Stream<Path> files = Files.list(eventsFile().getParent())) {
            assertThat(files.map(p -> p.getFileName().toString())).anyMatch(n -> n.startsWith("events.log.torn-"));
        }
    }

    @Test
    void aHalfWrittenHeaderIsATornTail() throws IOException {
        append(event(C1, "e0"));
        store.close();
        Files.write(eventsFile(), new byte[] {0x57, 0x54, 0x52}, java.nio.file.StandardOpenOption.APPEND);
        store = openStore();
        assertThat(store.size(C1)).isEqualTo(1);
        assertThat(append(event(C1, "e1")).get(0).index()).isEqualTo(1);
    }

    @Test
    void aFlippedByteInAMiddleRecordSetsThatRecordAsideAndTheStoreOpens() throws IOException {
        append(event(C1, "e0"));
        long second = Files.size(eventsFile());
        append(event(C1, "e1"), event(C1, "e2"));
        store.close();
        store = null;
        try (RandomAccessFile f = new RandomAccessFile(eventsFile().toFile(), "rw")) {
            f.seek(second + RecordFile.HEADER + 5);
            int b = f.read();
            f.seek(second + RecordFile.HEADER + 5);
            f.write(b ^ 0x01);
        }
        byte[] before = Files.readAllBytes(eventsFile());
        store = openStore();
        List<TraceEvent> log = store.read(C1, 0, 10);
        assertThat(log).extracting(TraceEvent::eventId).containsExactly("e0", "set-aside/1", "e2");
        assertThat(log.get(1).data()).containsEntry("reason", StorableEvent.UNREADABLE);
        assertThat(store.records(C1, 1, 1).get(0).problem()).contains("offset " + second).contains("CRC32C");
        assertThat(append(event(C1, "e3"))).extracting(TraceEvent::index).containsExactly(3L);
        store.close();
        store = null;
        // The damaged record's bytes are kept as they were; only the new record was appended.
        byte[] after = Files.readAllBytes(eventsFile());
        assertThat(java.util.Arrays.copyOf(after, before.length)).isEqualTo(before);
    }

    @Test
    void aDamagedCheckpointIsLeftInItsFileAndNotUsed() throws IOException {
        store.saveCheckpoint(checkpoint(C1, 1, 1));
        Path cps = dir.resolve("classes").resolve(C1.value()).resolve("checkpoints.log");
        long second = Files.size(cps);
        store.saveCheckpoint(checkpoint(C1, 2, 2));
        store.saveCheckpoint(checkpoint(C1, 3, 3));
        store.close();
        try (RandomAccessFile f = new RandomAccessFile(cps.toFile(), "rw")) {
            f.seek(second + RecordFile.HEADER + 5);
            int b = f.read();
            f.seek(second + RecordFile.HEADER + 5);
            f.write(b ^ 0x01);
        }
        store = openStore();
        assertThat(store.checkpoints(C1)).extracting(org.wlcy.classroom.proctoring.integrity.Checkpoint::treeSize)
                .containsExactly(1L, 3L);
    }

    @Test
    void aFlippedByteInTheLengthOfAMiddleRecordIsDamageNotATornTail() throws IOException {
        append(event(C1, "e0"));
        long second = Files.size(eventsFile());
        append(event(C1, "e1"), event(C1, "e2"));
        store.close();
        store = null;
        try (RandomAccessFile f = new RandomAccessFile(eventsFile().toFile(), "rw")) {
            f.seek(second + 6);
            f.write(0x7f);
        }
        assertThatThrownBy(() -> FileTraceStore.open(dir)).isInstanceOf(TraceStoreCorruptedException.class)
                .hasMessageContaining("offset " + second);
    }

    @Test
    void aSecondStoreOnTheSameFolderIsRefused() {
        assertThatThrownBy(() -> FileTraceStore.open(dir)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("already open");
    }

    @Test
    void eachRecordIsReadableJsonBehindItsFrame() throws IOException {
        append(event(C1, "e0"));
        byte[] bytes = Files.readAllBytes(eventsFile());
        String json = new String(bytes, RecordFile.HEADER, bytes.length - RecordFile.HEADER, StandardCharsets.UTF_8);
        assertThat(json).isEqualTo("{\"index\":0,\"classroomId\":\"c-2026-001\",\"sessionId\":\"lesson-1\","
                + "\"userId\":\"u-alice\",\"kind\":\"presence.heartbeat\",\"recordedAt\":\"2026-11-30T01:02:03.123456Z\","
                + "\"eventId\":\"e0\",\"clientTime\":null,\"data\":{\"visible\":true}}");
        assertThat(List.of(bytes[0], bytes[1], bytes[2], bytes[3])).containsExactly((byte) 'W', (byte) 'T', (byte) 'R',
                (byte) '1');
    }
}
