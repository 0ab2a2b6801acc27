package org.wlcy.classroom.proctoring.integrity;

import java.util.List;

/**
 * Names and constants of the trace bundle format ({@code docs/trace-bundle.md}): a folder (or a
 * zip of exactly these files at its top level) that lets a third party verify a class's trace
 * offline.
 */
public final class TraceBundle {
    /** Value of the manifest's {@code format} member in the bundles written now (with consistency proofs). */
    public static final String FORMAT = "wlcy-trace-bundle/v2";
    /** The first format, without {@code consistency.jsonl}; still read. */
    public static final String FORMAT_V1 = "wlcy-trace-bundle/v1";
    /** Tag line of the manifest signature message. */
    public static final String MANIFEST_SIGNATURE_TAG = "wlcy-trace-bundle-manifest/v1";

    public static final String EVENTS = "events.jsonl";
    public static final String CHECKPOINTS = "checkpoints.jsonl";
    /** v2: RFC 6962 consistency proofs between the bundle's checkpoints. */
    public static final String CONSISTENCY = "consistency.jsonl";
    public static final String PUBLIC_KEY = "public-key.pem";
    /**
     * issue L witnesses, optional (v2): witnesses' cosignatures of checkpoints, as C2SP checkpoint notes; not
     * listed in the manifest (each cosignature is signed by its witness).
     */
    public static final String WITNESSES = "witnesses.jsonl";
    public static final String MANIFEST = "manifest.json";
    public static final String MANIFEST_SIGNATURE = "manifest.sig";

    /** The files whose SHA-256 the manifest lists (v2). */
    public static final List<String> HASHED_FILES = List.of(CHECKPOINTS, CONSISTENCY, EVENTS, PUBLIC_KEY);
    /** Every file of a bundle (v2), in name order. */
    public static final List<String> ALL_FILES = List.of(CHECKPOINTS, CONSISTENCY, EVENTS, MANIFEST, MANIFEST_SIGNATURE,
            PUBLIC_KEY);
    /** issue L witnesses: files a bundle may hold besides {@link #ALL_FILES}. */
    public static final List<String> OPTIONAL_FILES = List.of(WITNESSES);
    /** The files whose SHA-256 a v1 manifest lists. */
    public static final List<String> HASHED_FILES_V1 = List.of(CHECKPOINTS, EVENTS, PUBLIC_KEY);
    /** Every file of a v1 bundle. */
    public static final List<String> ALL_FILES_V1 = List.of(CHECKPOINTS, EVENTS, MANIFEST, MANIFEST_SIGNATURE,
            PUBLIC_KEY);

    private TraceBundle() {
    }
}
