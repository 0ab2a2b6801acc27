package org.wlcy.classroom.proctoring.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.wlcy.classroom.proctoring.store.TraceStoreContract.C1;
import static org.wlcy.classroom.proctoring.store.TraceStoreContract.C2;
import static org.wlcy.classroom.proctoring.store.TraceStoreContract.await;
import static org.wlcy.classroom.proctoring.store.TraceStoreContract.event;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wlcy.classroom.classroom.ClassroomId;
import org.wlcy.classroom.testing.Await;
import org.wlcy.classroom.trace.TraceEvent;

/**
 * The file store's write-ahead journal (issue J, docs/adr/0026): a group is acknowledged once the
 * journal is forced, the class files are not forced per group, so these tests take a copy of a
 * store that is still open — what a crash would leave if the page cache held everything — then
 * damage its class files the way lost, unforced writes would, and open the copy.
 */
class TraceJournalTest {
    private static final GroupCommitWriter.JournalPolicy NEVER_RETIRE =
            new GroupCommitWriter.JournalPolicy(Long.MAX_VALUE, Long.MAX_VALUE);
    private static final GroupCommitWriter.JournalPolicy RETIRE_EACH_GROUP =
            new GroupCommitWriter.JournalPolicy(1, Long.MAX_VALUE);

    @TempDir
    Path dir;
    private final List<FileTraceStore> open = new ArrayList<>();

    @AfterEach
    void closeAll() {
        open.forEach(FileTraceStore::close);
    }

    private FileTraceStore open(Path at, GroupCommitWriter.JournalPolicy policy) {
        FileTraceStore s = FileTraceStore.open(at, policy);
        open.add(s);
        return s;
    }

    private static List<TraceEvent> append(TraceStore s, TraceEvent... events) {
        return await(s.append(List.of(events)).toCompletableFuture());
    }

    @Test
    void acknowledgedEventsSurviveClassFileWritesThatWereLost() throws IOException {
        FileTraceStore live = open(dir.resolve("live"), NEVER_RETIRE);
        append(live, event(C1, "a1"), event(C2, "b1"));
        append(live, event(C1, "a2"));
        append(live, event(C2, "b2"), event(C1, "a3"));
        Path crash = copy(dir.resolve("live"), dir.resolve("crash"));
        // C1's file lost everything written since its last fsync; C2's kept half a record.
        truncate(StoreFiles.eventsFile(crash, C1), 0);
        Path c2 = StoreFiles.eventsFile(crash, C2);
        truncate(c2, Files.size(c2) - 7);

        FileTraceStore after = open(crash, NEVER_RETIRE);

        assertThat(ids(after.read(C1, 0, 10))).containsExactly("a1", "a2", "a3");
        assertThat(ids(after.read(C2, 0, 10))).containsExactly("b1", "b2");
        assertThat(segments(crash)).hasSize(1); // replayed, deleted, and a new one opened
        assertThat(ids(append(after, event(C1, "a4")))).containsExactly("a4");
        assertThat(after.read(C1, 3, 1).get(0).index()).isEqualTo(3);
    }

    @Test
    void whatACrashLeftAfterTheAcknowledgedBytesIsDropped() throws IOException {
        FileTraceStore live = open(dir.resolve("live"), NEVER_RETIRE);
        append(live, event(C1, "a1"), event(C1, "a2"));
        Path crash = copy(dir.resolve("live"), dir.resolve("crash"));
        // A group written to the class file whose journal write never happened: not acknowledged.
        StoreFiles.appendRecord(crash, C1, StoreFiles.recordOf(event(C1, "never-acked").at(2)));

        FileTraceStore after = open(crash, NEVER_RETIRE);

        assertThat(ids(after.read(C1, 0, 10))).containsExactly("a1", "a2");
    }

    @Test
    void aTornJournalTailIsCutAndEverythingAcknowledgedIsThere() throws IOException {
        FileTraceStore live = open(dir.resolve("live"), NEVER_RETIRE);
        append(live, event(C1, "a1"));
        append(live, event(C1, "a2"));
        Path crash = copy(dir.resolve("live"), dir.resolve("crash"));
        truncate(StoreFiles.eventsFile(crash, C1), 0);
        Path segment = segments(crash).get(0);
        Files.write(segment, new byte[] {0x57, 0x54, 0x52, 0x31, 0, 0, 1}, StandardOpenOption.APPEND);

        FileTraceStore after = open(crash, NEVER_RETIRE);

        assertThat(ids(after.read(C1, 0, 10))).containsExactly("a1", "a2");
    }

    @Test
    void retiredSegmentsAreDeletedOnceTheirClassFilesAreForced() {
        Path at = dir.resolve("live");
        FileTraceStore live = open(at, RETIRE_EACH_GROUP);
        for (int i = 0; i < 20; i++) {
            append(live, event(i % 2 == 0 ? C1 : C2, "e" + i));
        }
        Await.until("the retired journal segments are deleted", Duration.ofSeconds(30),
                () -> segments(at).size() == 1);
        FileTraceStore after = open(copy(at, dir.resolve("copy")), NEVER_RETIRE);
        assertThat(after.size(C1)).isEqualTo(10);
        assertThat(after.size(C2)).isEqualTo(10);
    }

    @Test
    void aCleanCloseLeavesNoJournalToReplay() {
        Path at = dir.resolve("live");
        FileTraceStore live = open(at, NEVER_RETIRE);
        append(live, event(C1, "a1"), event(C2, "b1"));
        live.close();
        assertThat(segments(at)).isEmpty();

        FileTraceStore again = open(at, NEVER_RETIRE);

        assertThat(ids(again.read(C1, 0, 10))).containsExactly("a1");
        assertThat(ids(again.read(C2, 0, 10))).containsExactly("b1");
    }

    @Test
    void aClassFileShorterThanWhatWasForcedBeforeTheJournalIsRefused() throws IOException {
        Path at = dir.resolve("live");
        // A segment is retired at 4,000 bytes: the first group (a long event) fills one, the second does not.
        FileTraceStore live = open(at, new GroupCommitWriter.JournalPolicy(4_000, Long.MAX_VALUE));
        List<Path> first = segments(at); // the segment a1 goes to
        assertThat(first).hasSize(1);
        append(live, new TraceEvent(-1, C1, "lesson-1", TraceStoreContract.ALICE,
                org.wlcy.classroom.trace.TraceKind.CHAT_MESSAGE, TraceStoreContract.T0, "a1", null,
                java.util.Map.of("text", "长".repeat(2_000))));
        // Retired and deleted: one segment left, and not the first (a1's ack may come before the rotation).
        Await.until("the first segment is retired", Duration.ofSeconds(30), () -> {
            List<Path> now = segments(at);
            return now.size() == 1 && !first.contains(now.get(0));
        });
        append(live, event(C1, "a2")); // its journal bytes start after a1's, which were forced
        Path crash = copy(at, dir.resolve("crash"));
        truncate(StoreFiles.eventsFile(crash, C1), 0);

        assertThatThrownBy(() -> open(crash, NEVER_RETIRE)).isInstanceOf(TraceStoreCorruptedException.class)
                .hasMessageContaining("where the journal's bytes for it begin");
    }

    private static List<String> ids(List<TraceEvent> events) {
        return events.stream().map(TraceEvent::eventId).toList();
    }

    private static List<Path> segments(Path store) {
        Path journal = store.resolve(TraceJournal.FOLDER);
        if (!Files.isDirectory(journal)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(journal)) {
            return s.filter(p -> p.toString().endsWith(".wal")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A copy of the store's files as they are now (the open store's lock is not copied). */
    private static Path copy(Path from, Path to) {
        try (Stream<Path> all = Files.walk(from)) {
            for (Path p : all.sorted(Comparator.naturalOrder()).toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else if (!p.getFileName().toString().equals("store.lock")) {
                    Files.copy(p, target);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return to;
    }

    private static void truncate(Path file, long size) throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.setLength(size);
        }
    }
}
