package org.wlcy.classroom.assessment.print;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.Map;
import org.wlcy.classroom.proctoring.integrity.CheckpointSigner;

/**
 * {@code verify-certificate CERTIFICATE.pdf --public-key FILE}: checks a certificate PDF offline
 * ({@link CertificatePdfVerifier}). Prints the signed fields, then {@code VALID} or
 * {@code INVALID: <reason>}. Exit code 0 when valid, 1 when not, 2 for a usage error or an
 * unreadable file. {@code FILE} holds the server's public key as PEM ({@code GET /api/regulator/public-key})
 * or as the raw 32 bytes in base64.
 */
public final class VerifyCertificateCommand {
    private static final String USAGE = "usage: verify-certificate CERTIFICATE.pdf --public-key trace-public-key.pem";

    private VerifyCertificateCommand() {
    }

    /** Runs the command; returns the exit code. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        Path pdf = null;
        Path keyFile = null;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--public-key") && i + 1 < args.length) {
                keyFile = Path.of(args[++i]);
            } else if (args[i].startsWith("-") || pdf != null) {
                err.println(USAGE);
                return 2;
            } else {
                pdf = Path.of(args[i]);
            }
        }
        if (pdf == null || keyFile == null) {
            err.println(USAGE);
            return 2;
        }
        PublicKey trusted;
        byte[] bytes;
        try {
            trusted = CheckpointSigner.parsePublicKey(Files.readString(keyFile, StandardCharsets.US_ASCII));
        } catch (IOException | IllegalArgumentException e) {
            err.println("verify-certificate: cannot read the trusted key " + keyFile + ": " + e.getMessage());
            return 2;
        }
        try {
            bytes = Files.readAllBytes(pdf);
        } catch (IOException e) {
            err.println("verify-certificate: cannot read " + pdf + ": " + e);
            return 2;
        }
        CertificatePdfVerifier.Verdict v = new CertificatePdfVerifier(trusted).verify(bytes);
        if (!v.fields().isEmpty()) {
            out.println("certificate " + v.fields().get("number") + (v.valid() ? "" : " (as it claims; not trusted)"));
            for (Map.Entry<String, String> f : v.fields().entrySet()) {
                out.printf("  %-12s %s%n", f.getKey(), f.getValue());
            }
            out.printf("  %-12s %s%n", "keyId", v.keyId());
        }
        if (v.valid()) {
            out.println("VALID: signed by the trusted key " + CheckpointSigner.keyId(trusted) + ", and the page shows "
                    + "the signed fields. Whether it was revoked since is only known online: look the number and name "
                    + "up on the server's certificate page.");
            return 0;
        }
        out.println("INVALID: " + v.problem());
        return 1;
    }
}
