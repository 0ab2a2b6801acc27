package org.wlcy.classroom.gateway.enrolment;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.dhatim.fastexcel.reader.CellType;
import org.dhatim.fastexcel.reader.ReadableWorkbook;
import org.dhatim.fastexcel.reader.Row;
import org.junit.jupiter.api.Test;

class ExportTableTest {
    private static final List<Object> RISKY = Arrays.asList("=1+1", "+1", "-x", "@SUM(A1)", "\tcmd", "\rcmd", "a,b",
            "say \"hi\"", "two\nlines", null, -3, new BigDecimal("12.50"), "440305199001010018");
    private final ExportTable table = new ExportTable("表", List.of("a", "b", "c", "d", "e", "f", "g", "h", "i", "j",
            "k", "l", "m"), List.of(RISKY));

    @Test
    void csvNeutralisesFormulaStartsQuotesAndKeepsNumbers() {
        byte[] bytes = table.csv();
        assertThat(bytes).startsWith(0xEF, 0xBB, 0xBF);
        String row = new String(bytes, StandardCharsets.UTF_8).split("\r\n", 3)[1];
        assertThat(row).isEqualTo("'=1+1,'+1,'-x,'@SUM(A1),'\tcmd,\"'\rcmd\",\"a,b\",\"say \"\"hi\"\"\","
                + "\"two\nlines\",,-3,12.50,440305199001010018");
    }

    @Test
    void xlsxNeutralisesTheSameTextAndKeepsNumbersAsNumbersAndIdsAsText() throws Exception {
        try (ReadableWorkbook wb = new ReadableWorkbook(new ByteArrayInputStream(table.xlsx()))) {
            assertThat(wb.getFirstSheet().getName()).isEqualTo("表");
            List<Row> rows = wb.getFirstSheet().read();
            Row r = rows.get(1);
            List<String> text = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                text.add(r.getCell(i).getText());
            }
            assertThat(text).containsExactly("'=1+1", "'+1", "'-x", "'@SUM(A1)");
            assertThat(r.getCell(4).getText()).isEqualTo("'\tcmd");
            assertThat(r.getCell(10).getType()).isEqualTo(CellType.NUMBER);
            assertThat(r.getCell(10).asNumber()).isEqualByComparingTo("-3");
            assertThat(r.getCell(12).getType()).isEqualTo(CellType.STRING);
            assertThat(r.getCell(12).getText()).isEqualTo("440305199001010018");
        }
    }
}
