package org.wlcy.classroom.assessment.print;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentInformation;
import org.apache.pdfbox.text.PDFTextStripper;
import org.wlcy.classroom.assessment.certificate.Certificate;
import org.wlcy.classroom.proctoring.integrity.CheckpointSigner;

/**
 * Checks a certificate PDF offline (docs/certificates.md): the signed message in its document
 * information is a {@code wlcy-certificate/v1} message, the Ed25519 signature beside it is the
 * trusted key's over exactly that message, and the printed page shows the signed fields (so a page
 * edited to show another name, with the original signature left in, fails too). Revocation cannot
 * be known offline.
 */
public final class CertificatePdfVerifier {
    /** The fields of the signed message, in their order. */
    public static final List<String> FIELDS = List.of("number", "trainee", "name", "idNumber", "classroomId",
            "className", "institution", "region", "firstDay", "lastDay", "classHours", "issuedAt");

    /**
     * What the check found: {@code fields} as signed (empty when unreadable), whether it is valid, and
     * if not, why.
     */
    public record Verdict(boolean valid, Map<String, String> fields, String keyId, String problem) {
        static Verdict invalid(Map<String, String> fields, String keyId, String problem) {
            return new Verdict(false, fields, keyId, problem);
        }
    }

    private final PublicKey trusted;

    public CertificatePdfVerifier(PublicKey trusted) {
        this.trusted = trusted;
    }

    public Verdict verify(byte[] pdf) {
        try (PDDocument doc = Loader.loadPDF(pdf)) {
            PDDocumentInformation info = doc.getDocumentInformation();
            String message64 = info.getCustomMetadataValue(CertificatePdf.MESSAGE_KEY);
            String signature64 = info.getCustomMetadataValue(CertificatePdf.SIGNATURE_KEY);
            String keyId = info.getCustomMetadataValue(CertificatePdf.KEY_ID_KEY);
            if (message64 == null || signature64 == null) {
                return Verdict.invalid(Map.of(), keyId, "the document information has no " + CertificatePdf.MESSAGE_KEY
                        + " and " + CertificatePdf.SIGNATURE_KEY + ": not a certificate of this server, or re-saved by a"
                        + " program that dropped them");
            }
            byte[] message;
            byte[] signature;
            try {
                message = Base64.getDecoder().decode(message64.strip());
                signature = Base64.getDecoder().decode(signature64.strip());
            } catch (IllegalArgumentException e) {
                return Verdict.invalid(Map.of(), keyId, "the signed message or the signature is not base64");
            }
            Map<String, String> fields = parse(message);
            if (fields == null) {
                return Verdict.invalid(Map.of(), keyId, "the signed message is not a " + Certificate.MESSAGE_TAG
                        + " message (one key=value line for each of " + FIELDS + ")");
            }
            if (!CheckpointSigner.verify(trusted, message, signature)) {
                String trustedId = CheckpointSigner.keyId(trusted);
                return Verdict.invalid(fields, keyId, "the signature does not match the signed fields under the trusted"
                        + " key " + trustedId + (keyId != null && !keyId.equals(trustedId)
                        ? " (the certificate names key " + keyId + ")" : "") + ": the certificate was altered or not"
                        + " issued by this server");
            }
            String printed = new PDFTextStripper().getText(doc).replaceAll("\\s", "");
            for (Map.Entry<String, String> shown : shownOnThePage(fields).entrySet()) {
                if (!printed.contains(shown.getValue().replaceAll("\\s", ""))) {
                    return Verdict.invalid(fields, keyId, "the signature is good but the page does not show the signed "
                            + shown.getKey() + " \"" + shown.getValue() + "\": the printed page was altered");
                }
            }
            return new Verdict(true, fields, keyId, null);
        } catch (IOException e) {
            return Verdict.invalid(Map.of(), null, "not a readable PDF: " + e.getMessage());
        }
    }

    /** The fields of a {@code wlcy-certificate/v1} message, or null when it is not one. */
    static Map<String, String> parse(byte[] message) {
        String text = new String(message, StandardCharsets.UTF_8);
        if (!text.endsWith("\n")) {
            return null;
        }
        String[] lines = text.substring(0, text.length() - 1).split("\n", -1);
        if (lines.length != FIELDS.size() + 1 || !lines[0].equals(Certificate.MESSAGE_TAG)) {
            return null;
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (int i = 0; i < FIELDS.size(); i++) {
            String prefix = FIELDS.get(i) + "=";
            if (!lines[i + 1].startsWith(prefix)) {
                return null;
            }
            out.put(FIELDS.get(i), lines[i + 1].substring(prefix.length()));
        }
        return out;
    }

    /** What {@link CertificatePdf} prints of the signed fields. */
    private static Map<String, String> shownOnThePage(Map<String, String> f) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String k : List.of("name", "idNumber", "number", "className", "institution", "firstDay", "lastDay")) {
            out.put(k, f.get(k));
        }
        out.put("classHours", f.get("classHours") + "课时");
        return out;
    }
}
