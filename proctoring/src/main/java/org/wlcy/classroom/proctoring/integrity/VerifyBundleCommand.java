package org.wlcy.classroom.proctoring.integrity;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;

/**
 * {@code verify-bundle PATH [--public-key FILE]}: verifies a trace bundle (folder or zip) offline.
 * Prints {@code OK ...} with counts, or {@code FAIL <file> line <n> (<record>): <reason>} for the
 * first problem, then any warnings. Exit code 0 when the bundle verifies, 1 when it does not, 2 for
 * a usage error or an unreadable path. {@code FILE} holds the trusted public key as PEM or as the
 * raw 32 bytes in base64.
 */
public final class VerifyBundleCommand {
    private static final String USAGE = "usage: verify-bundle PATH [--public-key FILE]";

    private VerifyBundleCommand() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs the command; returns the exit code. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        Path bundle = null;
        Path keyFile = null;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--public-key") && i + 1 < args.length) {
                keyFile = Path.of(args[++i]);
            } else if (args[i].startsWith("-") || bundle != null) {
                err.println(USAGE);
                return 2;
            } else {
                bundle = Path.of(args[i]);
            }
        }
        if (bundle == null) {
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
        try {
            VerificationResult result = new BundleVerifier(trusted).verify(bundle);
            out.println(result.summary());
            return result.ok() ? 0 : 1;
        } catch (IOException e) {
            err.println("verify-bundle: cannot read " + bundle + ": " + e.getMessage());
            return 2;
        }
    }
}
