package org.wlcy.classroom.proctoring.integrity;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code verify-bundle PATH [--public-key FILE] [--class ID] [--known-checkpoints FILE [--remember]]}:
 * verifies a trace bundle (folder or zip) offline. Prints {@code OK ...} with counts, or
 * {@code FAIL <file> line <n> (<record>): <reason>} for the first problem, then any warnings. Exit
 * code 0 when the bundle verifies, 1 when it does not, 2 for a usage error or an unreadable path.
 * The key {@code FILE} holds the trusted public key as PEM or as the raw 32 bytes in base64.
 * {@code --class} names the class the bundle must be of. {@code --known-checkpoints} names a file
 * of checkpoints seen before (one canonical checkpoint line each, as in {@code checkpoints.jsonl},
 * any classes); the bundle's log must contain those of its class. {@code --remember} appends the
 * bundle's newest checkpoint to that file when the bundle verifies (creating the file).
 * {@code --witness-key FILE} (issue L witnesses, repeatable) names a file holding a witness's C2SP verifier
 * key ({@code name+keyhash+base64(0x04 || key)}, one line); the bundle's newest checkpoint must carry
 * a valid cosignature of that witness in {@code witnesses.jsonl}.
 */
public final class VerifyBundleCommand {
    private static final String USAGE =
            "usage: verify-bundle PATH [--public-key FILE] [--class ID] [--known-checkpoints FILE [--remember]] [--witness-key FILE]...";

    private VerifyBundleCommand() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs the command; returns the exit code. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        Path bundle = null;
        Path keyFile = null;
        String classId = null;
        Path knownFile = null;
        boolean remember = false;
        List<CheckpointNote.VerifierKey> witnessKeys = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--public-key") && i + 1 < args.length) {
                keyFile = Path.of(args[++i]);
            } else if (args[i].equals("--class") && i + 1 < args.length) {
                classId = args[++i];
            } else if (args[i].equals("--known-checkpoints") && i + 1 < args.length) {
                knownFile = Path.of(args[++i]);
            } else if (args[i].equals("--witness-key") && i + 1 < args.length) {
                Path wf = Path.of(args[++i]);
                try {
                    CheckpointNote.VerifierKey k = CheckpointNote.VerifierKey.parse(Files.readString(wf, StandardCharsets.UTF_8));
                    if (k.type() != CheckpointNote.COSIGNATURE_V1) {
                        throw new IllegalArgumentException("a witness key has signature type 0x04 (cosignature/v1), not 0x0"
                                + k.type());
                    }
                    witnessKeys.add(k);
                } catch (IOException | IllegalArgumentException e) {
                    err.println("verify-bundle: cannot read the witness key " + wf + ": " + e.getMessage());
                    return 2;
                }
            } else if (args[i].equals("--remember")) {
                remember = true;
            } else if (args[i].startsWith("-") || bundle != null) {
                err.println(USAGE);
                return 2;
            } else {
                bundle = Path.of(args[i]);
            }
        }
        if (bundle == null || (remember && knownFile == null)) {
            err.println(USAGE);
            return 2;
        }
        if (!Files.exists(bundle)) {
            err.println("verify-bundle: " + bundle + " does not exist");
            return 2;
        }
        PublicKey trusted = null;
        if (keyFile != null) {
            try {
                trusted = CheckpointSigner.parsePublicKey(Files.readString(keyFile, StandardCharsets.US_ASCII));
            } catch (IOException | IllegalArgumentException e) {
                err.println("verify-bundle: cannot read the trusted key " + keyFile + ": " + e.getMessage());
                return 2;
            }
        }
        BundleVerifier verifier = new BundleVerifier(trusted);
        if (classId != null) {
            verifier = verifier.expectingClass(classId);
        }
        if (!witnessKeys.isEmpty()) {
            verifier = verifier.withWitnessKeys(witnessKeys);
        }
        if (knownFile != null) {
            List<Checkpoint> known;
            try {
                known = readKnown(knownFile, remember);
            } catch (IOException | IllegalArgumentException e) {
                err.println("verify-bundle: cannot read the known checkpoints " + knownFile + ": " + e.getMessage());
                return 2;
            }
            verifier = verifier.withKnownCheckpoints(known, knownFile.getFileName().toString());
        }
        try {
            VerificationResult result = verifier.verify(bundle);
            out.println(result.summary());
            if (result.ok() && remember) {
                remember(knownFile, result.newest(), out);
            }
            return result.ok() ? 0 : 1;
        } catch (IOException e) {
            err.println("verify-bundle: cannot read " + bundle + ": " + e.getMessage());
            return 2;
        }
    }

    /**
     * The checkpoints of a known-checkpoints file: one canonical checkpoint line each, LF-ended;
     * blank lines are skipped. A missing file is empty when it is to be created ({@code --remember}).
     */
    static List<Checkpoint> readKnown(Path file, boolean mayBeMissing) throws IOException {
        if (mayBeMissing && !Files.exists(file)) {
            return List.of();
        }
        List<Checkpoint> out = new ArrayList<>();
        int n = 0;
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            n++;
            if (line.isBlank()) {
                continue;
            }
            try {
                out.add(CanonicalJson.parseCheckpoint(line.strip().getBytes(StandardCharsets.UTF_8)));
            } catch (NonCanonicalException e) {
                throw new IllegalArgumentException("line " + n + " is not a canonical checkpoint: " + e.getMessage());
            }
        }
        return out;
    }

    /** Appends the checkpoint's line to the file unless the file already holds it. */
    private static void remember(Path file, Checkpoint newest, PrintStream out) throws IOException {
        String line = new String(CanonicalJson.checkpoint(newest), StandardCharsets.UTF_8);
        if (Files.exists(file) && Files.readAllLines(file, StandardCharsets.UTF_8).stream()
                .anyMatch(l -> l.strip().equals(line))) {
            return;
        }
        String prefix = "";
        if (Files.exists(file) && Files.size(file) > 0) {
            byte[] all = Files.readAllBytes(file);
            prefix = all[all.length - 1] == '\n' ? "" : "\n";
        }
        Files.writeString(file, prefix + line + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
        out.println("remembered checkpoint treeSize " + newest.treeSize() + " of class " + newest.classroomId()
                + " in " + file);
    }
}
