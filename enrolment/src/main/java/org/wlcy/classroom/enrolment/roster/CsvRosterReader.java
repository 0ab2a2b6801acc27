package org.wlcy.classroom.enrolment.roster;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Reads a roster saved as text by Excel, WPS or a script: UTF-8 (with or without BOM), UTF-16 with
 * a BOM (Excel's "Unicode text"), or, when the bytes are not UTF-8, GB18030 (which covers GBK and
 * GB2312, what Excel on a Chinese Windows writes for "CSV"); comma, tab or semicolon separated.
 * Line numbers are the row numbers a spreadsheet shows.
 */
final class CsvRosterReader {
    static final Charset GB18030 = Charset.forName("GB18030");

    private CsvRosterReader() {
    }

    static RosterFile read(byte[] bytes, RosterLimits limits) {
        Optional<Decoded> text = decode(bytes);
        if (text.isEmpty()) {
            return new RosterFile("csv", "", RosterTable.refused(RosterProblem.ofFile(RosterProblem.FILE_ENCODING,
                    "the file is neither UTF-8, UTF-16 with a byte-order mark nor GB18030/GBK text; "
                            + "save it again as \"CSV UTF-8\"")));
        }
        String s = text.get().text();
        if (s.indexOf('\0') >= 0) {
            return new RosterFile("csv", text.get().charset(), RosterTable.refused(RosterProblem.ofFile(
                    RosterProblem.FILE_TYPE, "the file holds NUL characters: it is not a text table")));
        }
        char delimiter = delimiter(s);
        CSVFormat format = CSVFormat.DEFAULT.builder().setDelimiter(delimiter).setIgnoreEmptyLines(false).get();
        List<String> header = null;
        List<RosterTable.Row> rows = new ArrayList<>();
        List<RosterProblem> problems = new ArrayList<>();
        try (CSVParser parser = CSVParser.parse(new StringReader(s), format)) {
            for (CSVRecord r : parser) {
                int line = Math.toIntExact(r.getRecordNumber());
                List<String> cells = new ArrayList<>();
                List<Integer> formulas = new ArrayList<>();
                for (int i = 0; i < r.size(); i++) {
                    String v = r.get(i);
                    if (CellText.formula(v)) {
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
                    problems.add(new RosterProblem(line, "", RosterProblem.TOO_MANY_ROWS,
                            "more than " + limits.maxRows() + " rows; a class has at most 30 trainees"));
                    break;
                }
                rows.add(new RosterTable.Row(line, cells, formulas));
            }
        } catch (IOException | UncheckedIOException | IllegalStateException e) {
            return new RosterFile("csv", text.get().charset(), RosterTable.refused(RosterProblem.ofFile(
                    RosterProblem.FILE_DAMAGED, "the text table cannot be read: " + e.getMessage())));
        }
        if (header == null) {
            return new RosterFile("csv", text.get().charset(),
                    RosterTable.refused(RosterProblem.ofFile(RosterProblem.FILE_EMPTY, "the file has no rows")));
        }
        return new RosterFile("csv", text.get().charset(), new RosterTable(header, rows, problems));
    }

    private record Decoded(String text, String charset) {
    }

    private static Optional<Decoded> decode(byte[] b) {
        if (b.length >= 3 && (b[0] & 0xff) == 0xEF && (b[1] & 0xff) == 0xBB && (b[2] & 0xff) == 0xBF) {
            return strict(b, 3, StandardCharsets.UTF_8).map(t -> new Decoded(t, "UTF-8"));
        }
        if (b.length >= 2 && (b[0] & 0xff) == 0xFF && (b[1] & 0xff) == 0xFE) {
            return strict(b, 2, StandardCharsets.UTF_16LE).map(t -> new Decoded(t, "UTF-16"));
        }
        if (b.length >= 2 && (b[0] & 0xff) == 0xFE && (b[1] & 0xff) == 0xFF) {
            return strict(b, 2, StandardCharsets.UTF_16BE).map(t -> new Decoded(t, "UTF-16"));
        }
        Optional<String> utf8 = strict(b, 0, StandardCharsets.UTF_8);
        if (utf8.isPresent()) {
            return Optional.of(new Decoded(utf8.get(), "UTF-8"));
        }
        return strict(b, 0, GB18030).map(t -> new Decoded(t, "GB18030"));
    }

    private static Optional<String> strict(byte[] b, int from, Charset cs) {
        try {
            return Optional.of(cs.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(b, from, b.length - from)).toString());
        } catch (CharacterCodingException e) {
            return Optional.empty();
        }
    }

    /** The separator of the first line: the most frequent of comma, tab and semicolon. */
    private static char delimiter(String s) {
        int end = s.indexOf('\n');
        String first = end < 0 ? s : s.substring(0, end);
        char best = ',';
        long most = first.chars().filter(c -> c == ',').count();
        for (char c : new char[] {'\t', ';'}) {
            long n = first.chars().filter(x -> x == c).count();
            if (n > most) {
                most = n;
                best = c;
            }
        }
        return best;
    }
}
