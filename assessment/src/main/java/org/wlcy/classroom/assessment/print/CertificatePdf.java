package org.wlcy.classroom.assessment.print;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.EncodeHintType;
import com.google.zxing.WriterException;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.qrcode.QRCodeWriter;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.wlcy.classroom.assessment.certificate.Certificate;
import org.wlcy.classroom.assessment.certificate.CertificateSeal;

/**
 * The e-certificate as a printable PDF: the fields, a QR code that opens the public look-up page
 * for this number, and, for offline verification, the signed message and its signature in the
 * document information ({@code wlcy-certificate}: base64 of {@link Certificate#signedMessage()},
 * {@code wlcy-signature}, {@code wlcy-key-id}); docs/certificates.md says how to check them.
 */
public final class CertificatePdf {
    public static final String MESSAGE_KEY = "wlcy-certificate";
    public static final String SIGNATURE_KEY = "wlcy-signature";
    public static final String KEY_ID_KEY = "wlcy-key-id";

    private CertificatePdf() {
    }

    /** {@code lookupUrl}: the public look-up page with this number filled in, e.g. {@code https://host/certificate.html?number=…}. */
    public static byte[] render(Path font, CertificateSeal seal, String lookupUrl, java.time.ZoneId zone) {
        Certificate c = seal.certificate();
        try (PdfPages p = new PdfPages(font)) {
            p.newPage();
            p.y -= 40;
            p.centred("网络创业培训合格证书", 26);
            p.y -= 30;
            p.paragraph(c.traineeName() + "（身份证号 " + c.maskedIdNumber() + "）于 " + c.firstDay() + " 至 " + c.lastDay()
                    + " 参加" + c.institution() + "举办的" + c.className() + "，完成 " + c.classHours()
                    + " 课时的学习，经考核合格，特发此证。", 14, 24);
            p.paragraph("证书编号：" + c.number().value(), 12, 4);
            p.paragraph("发证日期：" + java.time.LocalDate.ofInstant(c.issuedAt(), zone), 12, 4);
            p.paragraph("查询：扫描二维码，或在证书查询页输入证书编号与姓名。", 10, 4);
            qr(p, lookupUrl);
            var info = p.doc.getDocumentInformation();
            info.setTitle("网络创业培训合格证书 " + c.number().value());
            info.setCreator("wlcy classroom server");
            info.setCustomMetadataValue(MESSAGE_KEY, Base64.getEncoder().encodeToString(c.signedMessage()));
            info.setCustomMetadataValue(SIGNATURE_KEY, seal.signature());
            info.setCustomMetadataValue(KEY_ID_KEY, seal.keyId());
            return p.bytes(false); // the document information stays readable with grep (docs/certificates.md)
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The QR code drawn as filled squares (vector, prints sharp), bottom right of the page. */
    private static void qr(PdfPages p, String text) throws IOException {
        BitMatrix m;
        try {
            m = new QRCodeWriter().encode(new String(text.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1),
                    BarcodeFormat.QR_CODE, 0, 0, Map.of(EncodeHintType.ERROR_CORRECTION, ErrorCorrectionLevel.M,
                            EncodeHintType.MARGIN, 0));
        } catch (WriterException e) {
            throw new IllegalArgumentException("the look-up address does not fit a QR code", e);
        }
        float side = 110;
        float cell = side / m.getWidth();
        float x0 = PDRectangle.A4.getWidth() - PdfPages.MARGIN - side;
        float y0 = PdfPages.MARGIN + 20;
        for (int yy = 0; yy < m.getHeight(); yy++) {
            for (int xx = 0; xx < m.getWidth(); xx++) {
                if (m.get(xx, yy)) {
                    p.out.addRect(x0 + xx * cell, y0 + side - (yy + 1) * cell, cell, cell);
                }
            }
        }
        p.out.fill();
    }
}
