package org.wlcy.classroom.gateway.enrolment;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.dhatim.fastexcel.Workbook;
import org.dhatim.fastexcel.Worksheet;

/**
 * One exported table (a class's roster, attendance or results) and its two files. Cells are text
 * or numbers; text stays text in both files (an identity number is never a number that loses its
 * last digits), and text a spreadsheet would run as a formula (starting with {@code = + - @}, a tab
 * or a carriage return) is neutralised with a leading apostrophe, in the .xlsx too, so a copy
 * re-saved as CSV is still safe. CSV: UTF-8 with a BOM (Excel on a Chinese Windows reads it as
 * UTF-8), CRLF, RFC 4180 quoting.
 */
record ExportTable(String sheet, List<String> header, List<List<Object>> rows) {
    ExportTable {
        header = List.copyOf(header);
        rows = List.copyOf(rows);
    }

    /** The text as written: a formula-looking start gets an apostrophe. */
    static String neutralised(String v) {
        String s = v == null ? "" : v;
        if (!s.isEmpty() && "=+-@\t\r".indexOf(s.charAt(0)) >= 0) {
            return "'" + s;
        }
        return s;
    }

    byte[] csv() {
        StringBuilder sb = new StringBuilder("\uFEFF");
        line(sb, List.copyOf(header));
        for (List<Object> r : rows) {
            line(sb, r);
        }
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void line(StringBuilder sb, List<?> cells) {
        for (int i = 0; i < cells.size(); i++) {
            if (i > 0) {
                sb.append(',');
            }
            Object v = cells.get(i);
            if (v instanceof Number n) {
                sb.append(n instanceof BigDecimal d ? d.toPlainString() : n.toString());
                continue;
            }
            String s = neutralised(v == null ? "" : v.toString());
            if (s.indexOf(',') >= 0 || s.indexOf('"') >= 0 || s.indexOf('\n') >= 0 || s.indexOf('\r') >= 0) {
                s = "\"" + s.replace("\"", "\"\"") + "\"";
            }
            sb.append(s);
        }
        sb.append("\r\n");
    }

    byte[] xlsx() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            Workbook wb = new Workbook(out, "wlcy-classroom", "1.0");
            Worksheet ws = wb.newWorksheet(sheet);
            for (int c = 0; c < header.size(); c++) {
                ws.value(0, c, header.get(c));
                ws.style(0, c).bold().set();
            }
            for (int r = 0; r < rows.size(); r++) {
                List<Object> row = rows.get(r);
                for (int c = 0; c < row.size(); c++) {
                    Object v = row.get(c);
                    if (v instanceof Number n) {
                        ws.value(r + 1, c, n);
                    } else if (v != null) {
                        ws.value(r + 1, c, neutralised(v.toString()));
                    }
                }
            }
            wb.finish();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the workbook", e);
        }
        return out.toByteArray();
    }
}
