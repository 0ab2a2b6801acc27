package org.wlcy.classroom.assessment.print;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shell check of docs/certificates.md ("Without Java") runs as written against a real
 * certificate PDF: openssl accepts the genuine one and refuses one whose signed message was edited.
 */
class CertificateShellCheckTest {
    private static final Path DOC = Path.of("../docs/certificates.md");
    private static final Pattern BLOCK = Pattern.compile("<!-- offline-check[^>]*-->\\n```sh\\n(.*?)\\n```",
            Pattern.DOTALL);
    private final CertificateSamples s = new CertificateSamples();
    @TempDir
    Path dir;

    private record Result(int code, String out) {
    }

    private Result runDocumentedCheck(byte[] pdf) throws Exception {
        Matcher m = BLOCK.matcher(Files.readString(DOC, StandardCharsets.UTF_8));
        assertThat(m.find()).as("the offline-check block in " + DOC).isTrue();
        String script = m.group(1);
        Matcher name = Pattern.compile("^pdf=(\\S+)$", Pattern.MULTILINE).matcher(script);
        assertThat(name.find()).isTrue();
        Files.write(dir.resolve(name.group(1)), pdf);
        Files.writeString(dir.resolve("trace-public-key.pem"), s.signer.publicKeyPem());
        Process p = new ProcessBuilder("sh", "-c", script).directory(dir.toFile()).redirectErrorStream(true).start();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return new Result(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    private static boolean hasOpenSsl3() {
        try {
            Process p = new ProcessBuilder("openssl", "version").redirectErrorStream(true).start();
            String v = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0 && v.matches("(?s)OpenSSL [3-9].*");
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    @Test
    void opensslVerifiesTheGenuineCertificateAndRefusesAnEditedOne() throws Exception {
        assumeTrue(hasOpenSsl3(), "OpenSSL 3 is not installed");
        Result good = runDocumentedCheck(s.pdf);
        assertThat(good.code()).as(good.out()).isZero();
        assertThat(good.out()).contains("name=张三", "Signature Verified Successfully");

        Result edited = runDocumentedCheck(s.withMessageEdited("name=张三", "name=李四"));
        assertThat(edited.code()).as(edited.out()).isNotZero();
        assertThat(edited.out()).contains("name=李四").doesNotContain("Verified Successfully");
    }
}
