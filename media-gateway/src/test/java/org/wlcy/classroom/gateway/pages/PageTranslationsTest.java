package org.wlcy.classroom.gateway.pages;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The pages are zh-CN first with English available: every dictionary has the same keys in both
 * languages, and every key a page's HTML names ({@code data-i18n}, {@code data-i18n-attr}) exists,
 * so no visitor ever sees a raw key.
 */
class PageTranslationsTest {
    private static final List<String> DICTIONARIES = List.of("", "interaction.", "videos.", "recording.", "watch.");
    private static final List<String> PAGES = List.of("index", "lecturer", "trainee", "watch", "regulator",
            "assessment-admin", "scoring", "results", "assessment", "certificate",
            "classes", "openings", // issue H pages
            "partners", // issue H partners
            "rollcall", // issue H offline days
            "webhooks"); // issue H webhooks
    private static final Pattern KEY = Pattern.compile("(?m)^\\s*'([a-zA-Z0-9_.-]+)'\\s*:");

    private static String resource(String path) throws IOException {
        try (InputStream in = PageTranslationsTest.class.getClassLoader().getResourceAsStream(path)) {
            assertThat(in).as(path).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static Set<String> keys(String file) throws IOException {
        Set<String> out = new TreeSet<>();
        Matcher m = KEY.matcher(resource("web/js/i18n/" + file));
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    @Test
    void everyDictionaryHasTheSameKeysInChineseAndEnglish() throws IOException {
        for (String d : DICTIONARIES) {
            String zh = d.isEmpty() ? "zh-CN.js" : d + "zh-CN.js";
            String en = d.isEmpty() ? "en.js" : d + "en.js";
            Set<String> zhKeys = keys(zh);
            Set<String> enKeys = keys(en);
            assertThat(zhKeys).as(zh).isNotEmpty();
            assertThat(enKeys).as("keys of %s missing from %s", zh, en).containsAll(zhKeys);
            assertThat(zhKeys).as("keys of %s missing from %s", en, zh).containsAll(enKeys);
        }
    }

    @Test
    void everyKeyThePagesNameIsTranslated() throws IOException {
        Set<String> known = new TreeSet<>();
        for (String d : DICTIONARIES) {
            known.addAll(keys(d.isEmpty() ? "zh-CN.js" : d + "zh-CN.js"));
        }
        Pattern text = Pattern.compile("data-i18n=\"([^\"]+)\"");
        Pattern attrs = Pattern.compile("data-i18n-attr=\"([^\"]+)\"");
        Set<String> named = new LinkedHashSet<>();
        for (String page : PAGES) {
            String html = resource("web/" + page + ".html");
            Matcher m = text.matcher(html);
            while (m.find()) {
                named.add(m.group(1));
            }
            Matcher a = attrs.matcher(html);
            while (a.find()) {
                for (String pair : a.group(1).split(",")) {
                    named.add(pair.substring(pair.indexOf(':') + 1).trim());
                }
            }
        }
        assertThat(named).as("keys the pages name").hasSizeGreaterThan(100);
        assertThat(named).as("keys named by the pages but missing from the dictionaries").isSubsetOf(known);
    }

    /**
     * Every error code of the protocol's code table has a text in both languages (issue K: codes
     * without a text showed the generic "发生错误" with the server's English detail).
     */
    @Test
    void everyErrorCodeOfTheProtocolHasATextInBothLanguages() throws IOException {
        String doc = java.nio.file.Files.readString(java.nio.file.Path.of("../docs/protocol.md"), StandardCharsets.UTF_8);
        Matcher row = Pattern.compile("(?m)^\\| (\\d{3}) \\| `([A-Z_]+)` \\|").matcher(doc);
        Set<String> codes = new TreeSet<>();
        while (row.find()) {
            codes.add(row.group(1));
        }
        assertThat(codes).as("codes in the table of docs/protocol.md").hasSizeGreaterThan(50);
        for (String lang : List.of("zh-CN.js", "en.js")) {
            Set<String> known = new TreeSet<>();
            for (String d : DICTIONARIES) {
                known.addAll(keys(d + lang));
            }
            Set<String> missing = new TreeSet<>();
            for (String c : codes) {
                if (!known.contains("err." + c)) {
                    missing.add(c);
                }
            }
            assertThat(missing).as("error codes without a text in %s", lang).isEmpty();
        }
    }
}
