package org.wlcy.classroom.proctoring.integrity;

import java.util.List;

/**
 * Names and constants of the trace bundle format ({@code docs/trace-bundle.md}): a folder (or a
 * zip of exactly these files at its top level) that lets a third party verify a class's trace
 * offline.
 */
public final class TraceBundle {
    /** Value of the manifest's {@code format} member. */
    public static final String FORMAT = "wlcy-trace-bundle/v1";
    /** Tag line of the manifest signature message. */
    public static final String MANIFEST_SIGNATURE_TAG = "wlcy-trace-bundle-manifest/v1";

    public static final String EVENTS = "events.jsonl";
    public static final String CHECKPOINTS = "checkpoints.jsonl";
    public static final String PUBLIC_KEY = "public-key.pem";
    public static final String MANIFEST = "manifest.json";
    public static final String MANIFEST_SIGNATURE = "manifest.sig";

    /** The files whose SHA-256 the manifest lists. */
    public static final List<String> HASHED_FILES = List.of(CHECKPOINTS, EVENTS, PUBLIC_KEY);
    /** Every file of a bundle. */
    public static final List<String> ALL_FILES = List.of(CHECKPOINTS, EVENTS, MANIFEST, MANIFEST_SIGNATURE, PUBLIC_KEY);

    private TraceBundle() {
    }
}
