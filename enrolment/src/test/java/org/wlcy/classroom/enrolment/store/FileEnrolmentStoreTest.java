package org.wlcy.classroom.enrolment.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wlcy.classroom.enrolment.EnrolledClass;
import org.wlcy.classroom.enrolment.roster.RosterEntry;

/** The contract on the embedded store (one JSON file per class). */
class FileEnrolmentStoreTest extends EnrolmentStoreContract {
    @TempDir
    Path dir;

    @Override
    protected EnrolmentStore openStore() {
        return new FileEnrolmentStore(dir.resolve("enrolment"));
    }

    /** issue H roster: a record written before trainees had a platform user id reads, without one. */
    @Test
    void aRecordWithoutUserIdsStillReads() throws Exception {
        EnrolledClass c = approvedWithTwo("sz-2027-06");
        store.save(c);
        closeStore(store);
        try (var files = Files.list(dir.resolve("enrolment"))) {
            for (Path f : files.filter(x -> x.toString().endsWith(".json")).toList()) {
                String old = Files.readString(f).replace(",\"userId\":null", "").replace("\"userId\":null,", "");
                assertThat(old).doesNotContain("userId");
                Files.writeString(f, old);
            }
        }
        store = openStore();
        assertThat(store.find("sz-2027-06")).contains(c);
        assertThat(store.find("sz-2027-06").orElseThrow().roster()).extracting(RosterEntry::userId)
                .containsOnlyNulls();
    }
}
