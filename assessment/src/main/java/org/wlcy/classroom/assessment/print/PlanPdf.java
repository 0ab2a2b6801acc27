package org.wlcy.classroom.assessment.print;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import org.wlcy.classroom.assessment.submission.Field;
import org.wlcy.classroom.assessment.submission.Submission;
import org.wlcy.classroom.assessment.submission.SubmissionSchema;

/**
 * The business plan laid out for printing (Art. 24(2): 学员打印《网络创业规划书》): a title page header with
 * the trainee, the class and the version, then each section with its heading, on A4 with the CJK
 * font embedded.
 */
public final class PlanPdf {
    private PlanPdf() {
    }

    public static byte[] render(Path font, Submission plan, String traineeName, String className, ZoneId zone) {
        try (PdfPages p = new PdfPages(font)) {
            p.newPage();
            p.centred("网络创业规划书（网店规划书）", 20);
            p.y -= 12;
            p.paragraph("学员：" + traineeName + "    班级：" + className, 11, 2);
            p.paragraph("版本：第 " + plan.version() + " 版    提交时间："
                    + DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(zone).format(plan.savedAt()), 11, 14);
            for (Field f : SubmissionSchema.of(plan.kind()).fields()) {
                Object v = plan.fields().get(f.id());
                p.paragraph(f.title(), 14, 4);
                p.paragraph(v == null ? "（未填写）" : v.toString(), 11, 12);
            }
            p.doc.getDocumentInformation().setTitle("网络创业规划书 " + traineeName);
            p.doc.getDocumentInformation().setCreator("wlcy classroom server");
            return p.bytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
