package org.wlcy.classroom.proctoring.integrity;

import java.nio.file.Path;

/** What {@link TraceBundleExporter#export} wrote. */
public record BundleSummary(Path directory, long treeSize, String rootHash, long eventsInRange, int checkpoints,
                            String keyId) {
}
