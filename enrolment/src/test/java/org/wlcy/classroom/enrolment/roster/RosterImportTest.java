package org.wlcy.classroom.enrolment.roster;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.dhatim.fastexcel.Workbook;
import org.dhatim.fastexcel.Worksheet;
import org.junit.jupiter.api.Test;
import org.wlcy.classroom.participant.ResidentIdNumber;

class RosterImportTest {
    private static final LocalDate TODAY = LocalDate.of(2026, 12, 7);
    private static final String A = valid("44030519900101001"); // man
    private static final String B = valid("44030519920202002"); // woman
    private static final String C = valid("44030519950303003"); // man

    /** A valid number with the given first seventeen digits. */
    private static String valid(String first17) {
        return first17 + ResidentIdNumber.checkCharacter(first17);
    }

    private static RosterPreview check(byte[] file) {
        return check(file, Set.of());
    }

    private static RosterPreview check(byte[] file, Set<String> enrolled) {
        return RosterCheck.check(RosterFiles.read(file, RosterLimits.DEFAULT), RosterLimits.DEFAULT, enrolled, TODAY);
    }

    private static List<String> codes(RosterPreview p) {
        return p.problems().stream().map(x -> x.line() + ":" + x.code()).collect(Collectors.toList());
    }

    @Test
    void aGoodUtf8FileWithBomIsTakenWhole() {
        String csv = "\uFEFF姓名,身份证号,手机号,性别,创业方向\n"
                + "张三," + A + ",138 0013 8000,男,农产品网店\n"
                + "李四," + B.toLowerCase() + ",+86 139-0013-9000,女,\n"
                + "\n"
                + "王五," + C + ",8615000150000,,直播带货\n";
        RosterPreview p = check(csv.getBytes(StandardCharsets.UTF_8));
        assertThat(p.problems()).isEmpty();
        assertThat(p.acceptable()).isTrue();
        assertThat(p.format()).isEqualTo("csv");
        assertThat(p.charset()).isEqualTo("UTF-8");
        assertThat(p.entries()).extracting(RosterEntry::name).containsExactly("张三", "李四", "王五");
        assertThat(p.entries()).extracting(RosterEntry::phone).containsExactly("13800138000", "13900139000", "15000150000");
        assertThat(p.entries()).extracting(RosterEntry::line).containsExactly(2, 3, 5);
        assertThat(p.entries().get(2).direction()).isEqualTo("直播带货");
        assertThat(p.entries().get(1).male()).isFalse();
    }

    @Test
    void aGbkFileFromChineseExcelIsReadAsGb18030AndSaysSo() {
        String csv = "姓名,身份证号码,手机号码\r\n张三," + A + ",13800138000\r\n欧阳娜娜," + B + ",13900139000\r\n";
        RosterPreview p = check(csv.getBytes(Charset.forName("GBK")));
        assertThat(p.problems()).isEmpty();
        assertThat(p.charset()).isEqualTo("GB18030");
        assertThat(p.entries()).extracting(RosterEntry::name).containsExactly("张三", "欧阳娜娜");
    }

    @Test
    void excelUnicodeTextIsUtf16TabSeparated() {
        String tsv = "\uFEFF姓名\t身份证号\t手机号\n张三\t" + A + "\t13800138000\n";
        RosterPreview p = check(tsv.getBytes(StandardCharsets.UTF_16LE));
        assertThat(p.problems()).isEmpty();
        assertThat(p.entries()).hasSize(1);
    }

    @Test
    void bytesThatAreNoTextAreRefusedWithTheEncodingProblem() {
        byte[] junk = {(byte) 0xFF, (byte) 0xFF, 0x41, (byte) 0x80, (byte) 0xFF, 0x0A};
        assertThat(codes(check(junk))).containsExactly("0:file.encoding");
    }

    @Test
    void everyBadRowIsNamedByLineAndColumnAndNothingIsTaken() {
        String badChecksum = A.substring(0, 17) + (A.charAt(17) == '1' ? '2' : '1');
        String csv = "姓名,身份证号,手机号,性别,选择结果\n"
                + "张三," + A + ",13800138000,男,适合参加网络创业培训\n"   // 2 good
                + "李四," + badChecksum + ",13900139000,,\n"               // 3 checksum
                + "王五," + C + ",12345,,\n"                                // 4 phone
                + "赵六," + A + ",13700137000,,\n"                          // 5 same person as 2
                + "=HYPERLINK(\"http://x\"),"+ B + ",13600136000,,\n"       // 6 formula
                + "钱七," + B + ",13800138000,男,\n"                        // 7 B is a woman; phone of line 2
                + "孙八," + C + ",13500135000,,适合参加SIYB培训\n"         // 8 not for online training
                + "," + valid("44030519960404004") + ",13400134000,,\n";   // 9 no name
        RosterPreview p = check(csv.getBytes(StandardCharsets.UTF_8));
        assertThat(p.acceptable()).isFalse();
        assertThat(codes(p)).containsExactly("3:id.checksum", "4:phone.format", "5:duplicate.id", "6:cell.formula",
                "7:gender.mismatch", "7:duplicate.phone", "8:selection.unsuitable", "9:name.missing");
        RosterProblem dup = p.problems().get(2);
        assertThat(dup.column()).isEqualTo("身份证号");
        assertThat(dup.detail()).contains("line 2");
        assertThat(p.problems().get(0).detail()).doesNotContain(badChecksum).contains("***");
        assertThat(p.entries()).extracting(RosterEntry::line).containsExactly(2);
    }

    @Test
    void aMissingColumnIsNamed() {
        RosterPreview p = check(("姓名,电话\n张三,13800138000\n").getBytes(StandardCharsets.UTF_8));
        assertThat(p.problems()).extracting(RosterProblem::code, RosterProblem::column)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("header.missing", "身份证号"),
                        org.assertj.core.groups.Tuple.tuple("header.missing", "手机号"));
    }

    @Test
    void theClassNeverPassesThirtyAndNoOneIsEnrolledTwice() {
        Set<String> enrolled = IntStream.range(0, 28).mapToObj(i -> valid(String.format("44030519800101%03d", i)))
                .collect(Collectors.toSet());
        String csv = "姓名,身份证号,手机号\n张三," + A + ",13800138000\n李四," + B + ",13900139000\n王五," + C
                + ",13700137000\n";
        assertThat(codes(check(csv.getBytes(StandardCharsets.UTF_8), enrolled))).containsExactly("0:class.full");
        assertThat(codes(check(csv.getBytes(StandardCharsets.UTF_8), Set.of(B)))).containsExactly("3:already.enrolled");
    }

    @Test
    void aBrokenQuoteOrAHeaderOnlyFileIsRefusedClearly() {
        assertThat(codes(check(("姓名,身份证号,手机号\n\"张三," + A + ",13800138000\n").getBytes(StandardCharsets.UTF_8))))
                .containsExactly("0:file.damaged");
        assertThat(codes(check("姓名,身份证号,手机号\n".getBytes(StandardCharsets.UTF_8)))).containsExactly("0:file.empty");
        assertThat(codes(check(new byte[0]))).containsExactly("0:file.empty");
    }

    @Test
    void sizesAreBounded() {
        byte[] big = new byte[RosterLimits.DEFAULT.maxBytes() + 1];
        assertThat(codes(check(big))).containsExactly("0:file.too-large");
        StringBuilder rows = new StringBuilder("姓名,身份证号,手机号\n");
        for (int i = 0; i < 250; i++) {
            rows.append("某").append(i).append(',').append(valid(String.format("44030519900101%03d", i))).append(',')
                    .append(String.format("1380000%04d", i)).append('\n');
        }
        assertThat(codes(check(rows.toString().getBytes(StandardCharsets.UTF_8))))
                .containsExactly("202:file.too-many-rows", "0:class.full");
        String longName = "名".repeat(101);
        assertThat(codes(check(("姓名,身份证号,手机号\n" + longName + "," + A + ",13800138000\n")
                .getBytes(StandardCharsets.UTF_8)))).containsExactly("2:cell.too-long");
        assertThat(codes(check(("姓名,身份证号,手机号\n张\u202E三," + A + ",13800138000\n")
                .getBytes(StandardCharsets.UTF_8)))).containsExactly("2:cell.control");
    }

    @Test
    void otherFilesAreNamedForWhatTheyAre() {
        byte[] xls = {(byte) 0xD0, (byte) 0xCF, 0x11, (byte) 0xE0, (byte) 0xA1, (byte) 0xB1, 0x1A, (byte) 0xE1};
        assertThat(codes(check(xls))).containsExactly("0:file.type");
        assertThat(codes(check("%PDF-1.7\n".getBytes(StandardCharsets.US_ASCII)))).containsExactly("0:file.type");
        assertThat(codes(check("PK\u0003\u0004garbage that is no zip".getBytes(StandardCharsets.ISO_8859_1))))
                .containsExactly("0:file.damaged");
    }

    @Test
    void anXlsxIsReadFromItsFirstSheetWithFormulasRefused() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (Workbook wb = new Workbook(out, "test", "1.0")) {
            Worksheet ws = wb.newWorksheet("学员");
            String[] header = {"姓名", "身份证号", "手机号", "备注"};
            for (int i = 0; i < header.length; i++) {
                ws.value(0, i, header[i]);
            }
            ws.value(1, 0, "张三");
            ws.value(1, 1, A);
            ws.value(1, 2, 13800138000L); // typed as a number
            ws.formula(1, 3, "SUM(1,2)"); // a formula in a column not read: ignored
            ws.value(2, 0, "李四");
            ws.value(2, 1, B);
            ws.formula(2, 2, "CONCAT(\"139\",\"00139000\")");
            ws.value(3, 0, "王五");
            ws.value(3, 1, 440305199503030035.0); // an identity number typed as a number
            ws.value(3, 2, "13700137000");
        }
        RosterPreview p = check(out.toByteArray());
        assertThat(p.format()).isEqualTo("xlsx");
        assertThat(codes(p)).containsExactly("3:cell.formula", "4:id.format");
        assertThat(p.entries()).extracting(RosterEntry::phone).containsExactly("13800138000");
    }

    @Test
    void aZipBombIsStoppedWhileUnzipping() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            zip.putNextEntry(new ZipEntry("xl/worksheets/sheet1.xml"));
            byte[] zeros = new byte[1 << 20];
            for (int i = 0; i < 20; i++) {
                zip.write(zeros);
            }
            zip.closeEntry();
        }
        assertThat(out.size()).isLessThan(RosterLimits.DEFAULT.maxBytes());
        assertThat(codes(check(out.toByteArray()))).containsExactly("0:file.too-large");
    }

    // issue H roster: the platform user id column
    @Test
    void aCsvUserIdColumnIsReadAndBadOrRepeatedIdsAreRefusedRowByRow() {
        String csv = "姓名,身份证号,手机号,学员编号\n"
                + "张三," + A + ",13800138000, u-1001 \n"
                + "李四," + B + ",13900139000,u 1002\n"
                + "王五," + C + ",15000150000,u-1001\n"
                + "赵六," + valid("44030519960404004") + ",15100151000,\n"
                + "钱七," + valid("44030519970505005") + ",15200152000," + "x".repeat(65) + "\n"
                + "孙八," + valid("44030519980606006") + ",15300153000,u-9\n";
        RosterPreview p = RosterCheck.check(RosterFiles.read(csv.getBytes(StandardCharsets.UTF_8),
                RosterLimits.DEFAULT), RosterLimits.DEFAULT, Set.of(), Set.of("u-9"), TODAY);
        assertThat(codes(p)).containsExactly("3:user-id.format", "4:duplicate.user-id", "5:user-id.format",
                "6:user-id.format", "7:user-id.enrolled");
        assertThat(p.problems().get(0).column()).isEqualTo("学员编号");
        assertThat(p.entries()).extracting(RosterEntry::userId).containsExactly("u-1001");
    }

    @Test
    void theUserIdHeaderHasItsOtherSpellingsAndARosterWithoutItHasNoIds() {
        for (String header : List.of("用户ID", "userId", "user_id")) {
            String csv = "姓名,身份证号,手机号," + header + "\n张三," + A + ",13800138000,org:u.1_a-2\n";
            assertThat(check(csv.getBytes(StandardCharsets.UTF_8)).entries()).extracting(RosterEntry::userId)
                    .as(header).containsExactly("org:u.1_a-2");
        }
        String plain = "姓名,身份证号,手机号\n张三," + A + ",13800138000\n";
        assertThat(check(plain.getBytes(StandardCharsets.UTF_8)).entries()).extracting(RosterEntry::userId)
                .containsOnlyNulls();
    }

    @Test
    void anXlsxUserIdColumnIsReadWithNumbersAsText() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (Workbook wb = new Workbook(out, "test", "1.0")) {
            Worksheet ws = wb.newWorksheet("学员");
            String[] header = {"姓名", "身份证号", "手机号", "用户ID"};
            for (int i = 0; i < header.length; i++) {
                ws.value(0, i, header[i]);
            }
            ws.value(1, 0, "张三");
            ws.value(1, 1, A);
            ws.value(1, 2, "13800138000");
            ws.value(1, 3, "u-1001");
            ws.value(2, 0, "李四");
            ws.value(2, 1, B);
            ws.value(2, 2, "13900139000");
            ws.value(2, 3, "u-1001");
            ws.value(3, 0, "王五");
            ws.value(3, 1, C);
            ws.value(3, 2, "15000150000");
            ws.value(3, 3, "中文");
        }
        RosterPreview p = check(out.toByteArray());
        assertThat(codes(p)).containsExactly("3:duplicate.user-id", "4:user-id.format");
        assertThat(p.entries()).extracting(RosterEntry::userId).containsExactly("u-1001");
    }
}
