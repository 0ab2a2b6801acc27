package org.wlcy.classroom.gateway.assessment;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.ZoneId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.wlcy.classroom.assessment.certificate.CertificateSeal;
import org.wlcy.classroom.assessment.print.CertificatePdf;
import org.wlcy.classroom.assessment.print.CjkFont;
import org.wlcy.classroom.assessment.print.PlanPdf;
import org.wlcy.classroom.assessment.submission.Submission;
import org.wlcy.classroom.classroom.ClassroomId;
import org.wlcy.classroom.error.ClassroomException;
import org.wlcy.classroom.error.ErrorCode;

/** The printable PDFs, with the CJK font found at start (a missing font is said once, and on each request). */
final class AssessmentPdfs {
    private static final Logger LOG = LoggerFactory.getLogger(AssessmentPdfs.class);
    private final URI publicUrl;
    private final ZoneId zone;
    private final Path font;

    AssessmentPdfs(URI publicUrl, ZoneId zone) {
        this.publicUrl = publicUrl;
        this.zone = zone;
        this.font = CjkFont.find(null).orElse(null);
        if (font == null) {
            LOG.warn("PDFs of business plans and certificates are off: {}", CjkFont.missingHint());
        }
    }

    private Path font() {
        if (font == null) {
            throw new ClassroomException(ErrorCode.INTERNAL, CjkFont.missingHint());
        }
        return font;
    }

    byte[] certificate(CertificateSeal seal) {
        String lookup = publicUrl + "/certificate.html?number="
                + URLEncoder.encode(seal.certificate().number().value(), StandardCharsets.UTF_8);
        return CertificatePdf.render(font(), seal, lookup, zone);
    }

    byte[] plan(Submission plan, String traineeName, ClassroomId c) {
        return PlanPdf.render(font(), plan, traineeName, c.value(), zone);
    }
}
