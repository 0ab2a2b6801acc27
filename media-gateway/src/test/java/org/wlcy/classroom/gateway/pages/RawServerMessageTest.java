package org.wlcy.classroom.gateway.pages;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The server's {@code message} is English: no page script puts an error's {@code message} into
 * the page as text (a banner line, a form error, a status line, a sentence built around it),
 * except through {@code detailNode} (a line on the English page, a folded "details" disclosure on
 * the Chinese one) or behind an explicit {@code getLang() === 'en'} check. The page text for the
 * code ({@code err.<code>}, {@code errorText(e)}) is what a person reads. The browser half of this
 * (a refused leave on a zh-CN page reads in Chinese) is in {@code LayoutEndToEndTest}.
 */
class RawServerMessageTest {
    private static final Path JS = Path.of("..", "web-static", "src", "main", "resources", "web", "js");
    /** A line that writes something into the page. */
    private static final Pattern SHOWS = Pattern.compile(
            "textContent\\s*=|\\bel\\(|formError\\(|showLeaveError\\(|\\.append\\(|innerText\\s*=|\\$\\{");
    /** An error's message: {@code e.message}, {@code err.message}, {@code cur.error.message}, {@code body.message}. */
    private static final Pattern ERROR_MESSAGE = Pattern.compile(
            "\\b(e|err|error|cur\\.error|mine\\.error|d|body)\\.message\\b");
    /** Writing it is fine through these. */
    private static final Pattern ALLOWED = Pattern.compile("detailNode\\(|showLeaveError\\(errorText\\(|getLang\\(\\) === 'en'|console\\.|trace\\??\\.step|new (Protocol|Watch)Error|super\\(");

    @Test
    void noPageScriptShowsAnErrorMessageRaw() throws IOException {
        assertThat(JS).isDirectory();
        List<String> offending = new ArrayList<>();
        try (Stream<Path> files = Files.list(JS)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".js")).sorted().toList()) {
                List<String> lines = Files.readAllLines(f, StandardCharsets.UTF_8);
                for (int i = 0; i < lines.size(); i++) {
                    String line = lines.get(i);
                    String trimmed = line.trim();
                    if (trimmed.startsWith("//") || trimmed.startsWith("*") || trimmed.startsWith("/*")) {
                        continue;
                    }
                    if (ERROR_MESSAGE.matcher(line).find() && SHOWS.matcher(line).find()
                            && !ALLOWED.matcher(line).find()) {
                        offending.add(f.getFileName() + ":" + (i + 1) + ": " + trimmed);
                    }
                }
            }
        }
        assertThat(offending).as("lines that show a server's message raw (use errorText(e) and detailNode(e.message))")
                .isEmpty();
    }

    @Test
    void theBannerFoldsTheDetailOnTheChinesePage() throws IOException {
        String page = Files.readString(JS.resolve("classroom-page.js"), StandardCharsets.UTF_8);
        assertThat(page).contains("export function detailNode(")
                .contains("getLang() === 'en'")
                .contains("el('details'")
                .doesNotContain("el('div', { class: 'banner-detail' }, d.message)");
    }
}
