package org.wlcy.classroom.enrolment.roster;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveInputStream;
import org.dhatim.fastexcel.reader.Cell;
import org.dhatim.fastexcel.reader.CellType;
import org.dhatim.fastexcel.reader.ReadableWorkbook;
import org.dhatim.fastexcel.reader.Row;

/**
 * Reads the first sheet of an .xlsx workbook (fastexcel-reader, streaming). Formula cells are
 * never evaluated: they are marked so the row is refused. Numbers are read as the text Excel
 * stored, so a phone number typed as a number still reads; an identity number typed as a number has
 * lost its last digits to floating point and is refused by its check.
 */
final class XlsxRosterReader {
    private XlsxRosterReader() {
    }

    static RosterFile read(byte[] bytes, RosterLimits limits) {
        RosterProblem unzip = unzippedTooLarge(bytes, limits.maxUnzippedBytes());
        if (unzip != null) {
            return new RosterFile("xlsx", "", RosterTable.refused(unzip));
        }
        List<String> header = null;
        List<RosterTable.Row> rows = new ArrayList<>();
        List<RosterProblem> problems = new ArrayList<>();
        try (ReadableWorkbook wb = new ReadableWorkbook(new ByteArrayInputStream(bytes));
             Stream<Row> sheet = wb.getFirstSheet().openStream()) {
            Iterator<Row> it = sheet.iterator();
            while (it.hasNext()) {
                Row r = it.next();
                List<String> cells = new ArrayList<>();
                List<Integer> formulas = new ArrayList<>();
                for (int i = 0; i < r.getCellCount(); i++) {
                    Cell c = r.getCell(i);
                    if (c == null) {
                        cells.add("");
                        continue;
                    }
                    if (c.getType() == CellType.FORMULA || (c.getFormula() != null && !c.getFormula().isEmpty())) {
                        formulas.add(i);
                    }
                    String v = c.getType() == CellType.STRING ? c.asString() : c.getRawValue();
                    v = v == null ? "" : v;
                    if (c.getType() == CellType.STRING && CellText.formula(v)) {
                        formulas.add(i);
                    }
                    cells.add(CellText.clean(v));
                }
                if (cells.stream().allMatch(String::isEmpty)) {
                    continue;
                }
                if (header == null) {
                    header = cells;
                    continue;
                }
                if (rows.size() == limits.maxRows()) {
                    problems.add(new RosterProblem(r.getRowNum(), "", RosterProblem.TOO_MANY_ROWS,
                            "more than " + limits.maxRows() + " rows; a class has at most 30 trainees"));
                    break;
                }
                rows.add(new RosterTable.Row(r.getRowNum(), cells, formulas));
            }
        } catch (IOException | RuntimeException e) {
            return new RosterFile("xlsx", "", RosterTable.refused(RosterProblem.ofFile(RosterProblem.FILE_DAMAGED,
                    "the workbook cannot be read: " + e.getClass().getSimpleName() + " " + e.getMessage())));
        }
        if (header == null) {
            return new RosterFile("xlsx", "",
                    RosterTable.refused(RosterProblem.ofFile(RosterProblem.FILE_EMPTY, "the first sheet has no rows")));
        }
        return new RosterFile("xlsx", "", new RosterTable(header, rows, problems));
    }

    /** Unzips every entry, counting, and stops past {@code max} bytes (a zip bomb) or on a damaged zip. */
    private static RosterProblem unzippedTooLarge(byte[] bytes, long max) {
        long total = 0;
        byte[] buf = new byte[8192];
        try (ZipArchiveInputStream zip = new ZipArchiveInputStream(new ByteArrayInputStream(bytes), "UTF-8", true, true)) {
            ZipArchiveEntry e;
            int entries = 0;
            while ((e = zip.getNextEntry()) != null) {
                if (!zip.canReadEntryData(e)) {
                    return RosterProblem.ofFile(RosterProblem.FILE_DAMAGED, "the workbook uses a zip method that cannot be read");
                }
                if (++entries > 1000) {
                    return RosterProblem.ofFile(RosterProblem.FILE_TOO_LARGE, "the workbook has more than 1000 parts");
                }
                int n;
                while ((n = zip.read(buf)) > 0) {
                    total += n;
                    if (total > max) {
                        return RosterProblem.ofFile(RosterProblem.FILE_TOO_LARGE,
                                "the workbook unzips to more than " + (max >> 20) + " MiB");
                    }
                }
            }
            if (entries == 0) {
                return RosterProblem.ofFile(RosterProblem.FILE_DAMAGED, "the workbook is not a zip archive");
            }
        } catch (IOException | IllegalArgumentException ex) {
            return RosterProblem.ofFile(RosterProblem.FILE_DAMAGED, "the workbook is damaged: " + ex.getMessage());
        }
        return null;
    }
}
