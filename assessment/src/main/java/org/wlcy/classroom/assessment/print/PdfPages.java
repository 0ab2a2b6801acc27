package org.wlcy.classroom.assessment.print;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.fontbox.ttf.TrueTypeCollection;
import org.apache.fontbox.ttf.TrueTypeFont;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType0Font;

/**
 * A4 pages of text in the CJK font: a cursor that writes wrapped lines down the page and starts a
 * new page when one is full. Chinese wraps at any character, Latin at spaces. Small on purpose:
 * the plan and the certificate are all it lays out.
 */
final class PdfPages implements AutoCloseable {
    static final float MARGIN = 56;
    final PDDocument doc = new PDDocument();
    final PDType0Font font;
    private final TrueTypeCollection collection;
    PDPage page;
    PDPageContentStream out;
    float y;

    PdfPages(Path fontFile) {
        try {
            if (fontFile.toString().toLowerCase(java.util.Locale.ROOT).endsWith(".ttc")) {
                collection = new TrueTypeCollection(fontFile.toFile());
                TrueTypeFont[] first = new TrueTypeFont[1];
                collection.processAllFonts(f -> {
                    if (first[0] == null) {
                        first[0] = f;
                    }
                });
                font = PDType0Font.load(doc, first[0], true);
            } else {
                collection = null;
                font = PDType0Font.load(doc, fontFile.toFile());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the PDF font " + fontFile, e);
        }
    }

    float width() {
        return PDRectangle.A4.getWidth() - 2 * MARGIN;
    }

    void newPage() throws IOException {
        if (out != null) {
            out.close();
        }
        page = new PDPage(PDRectangle.A4);
        doc.addPage(page);
        out = new PDPageContentStream(doc, page);
        y = PDRectangle.A4.getHeight() - MARGIN;
    }

    /** Writes {@code text} wrapped to the page width, starting a page when needed. */
    void paragraph(String text, float size, float spacingAfter) throws IOException {
        for (String line : wrap(text, size, width())) {
            if (out == null || y - size * 1.5f < MARGIN) {
                newPage();
            }
            y -= size * 1.5f;
            out.beginText();
            out.setFont(font, size);
            out.newLineAtOffset(MARGIN, y);
            out.showText(line);
            out.endText();
        }
        y -= spacingAfter;
    }

    /** One line centred on the page at the cursor. */
    void centred(String text, float size) throws IOException {
        if (out == null || y - size * 1.6f < MARGIN) {
            newPage();
        }
        y -= size * 1.6f;
        float w = font.getStringWidth(printable(text)) / 1000 * size;
        out.beginText();
        out.setFont(font, size);
        out.newLineAtOffset((PDRectangle.A4.getWidth() - w) / 2, y);
        out.showText(printable(text));
        out.endText();
    }

    List<String> wrap(String text, float size, float max) throws IOException {
        List<String> lines = new ArrayList<>();
        for (String para : text.split("\n", -1)) {
            StringBuilder line = new StringBuilder();
            String p = printable(para);
            int i = 0;
            while (i < p.length()) {
                int cp = p.codePointAt(i);
                String unit;
                if (cp < 0x2E80 && !Character.isWhitespace(cp)) {
                    int j = i;
                    while (j < p.length() && p.codePointAt(j) < 0x2E80 && !Character.isWhitespace(p.codePointAt(j))) {
                        j += Character.charCount(p.codePointAt(j));
                    }
                    unit = p.substring(i, j);
                } else {
                    unit = new String(Character.toChars(cp));
                }
                i += unit.length();
                String candidate = line + unit;
                if (font.getStringWidth(candidate) / 1000 * size > max && line.length() > 0) {
                    lines.add(line.toString().stripTrailing());
                    line = new StringBuilder(unit.isBlank() ? "" : unit);
                } else {
                    line.append(unit);
                }
            }
            lines.add(line.toString());
        }
        return lines;
    }

    /** Characters the font cannot draw become '?', so one odd character never fails a whole PDF. */
    String printable(String s) {
        StringBuilder b = new StringBuilder();
        s.codePoints().forEach(cp -> {
            boolean drawable;
            try {
                drawable = cp >= 0x20 && font.encode(new String(Character.toChars(cp))).length > 0;
            } catch (IOException | IllegalArgumentException e) {
                drawable = false;
            }
            b.appendCodePoint(drawable ? cp : (cp == '\t' ? ' ' : '?'));
        });
        return b.toString();
    }

    byte[] bytes() throws IOException {
        return bytes(true);
    }

    /**
     * The document; {@code objectStreams=false} keeps every object (the document information among
     * them) as plain text in the file, so that simple tools find it (page content is still compressed).
     */
    byte[] bytes(boolean objectStreams) throws IOException {
        if (out != null) {
            out.close();
            out = null;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        doc.save(bytes, objectStreams ? org.apache.pdfbox.pdfwriter.compress.CompressParameters.DEFAULT_COMPRESSION
                : org.apache.pdfbox.pdfwriter.compress.CompressParameters.NO_COMPRESSION);
        return bytes.toByteArray();
    }

    @Override
    public void close() throws IOException {
        if (out != null) {
            out.close();
        }
        doc.close();
        if (collection != null) {
            collection.close();
        }
    }
}
