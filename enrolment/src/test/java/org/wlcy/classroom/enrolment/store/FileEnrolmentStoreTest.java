package org.wlcy.classroom.enrolment.store;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The contract on the embedded store (one JSON file per class). */
class FileEnrolmentStoreTest extends EnrolmentStoreContract {
    @TempDir
    Path dir;

    @Override
    protected EnrolmentStore openStore() {
        return new FileEnrolmentStore(dir.resolve("enrolment"));
    }
}
