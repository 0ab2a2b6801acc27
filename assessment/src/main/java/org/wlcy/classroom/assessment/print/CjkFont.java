package org.wlcy.classroom.assessment.print;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Where the TrueType font with Chinese and Latin glyphs lives that PDFs embed (subset): Debian's
 * {@code fonts-wqy-microhei} by default ({@code scripts/install-deps.sh} installs it; a collection,
 * {@code .ttc}, of which the first font is used), or the {@code .ttf}/{@code .ttc} file
 * {@code assessment.pdfFont} names. (Droid Sans Fallback has no Latin letters or digits.)
 */
public final class CjkFont {
    public static final List<Path> DEFAULTS = List.of(
            Path.of("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"),
            Path.of("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc"));

    private CjkFont() {
    }

    /** The configured font, else the first default present. */
    public static Optional<Path> find(String configured) {
        if (configured != null && !configured.isBlank()) {
            Path p = Path.of(configured);
            return Files.isReadable(p) ? Optional.of(p) : Optional.empty();
        }
        return DEFAULTS.stream().filter(Files::isReadable).findFirst();
    }

    /** What a person does when no font is found. */
    public static String missingHint() {
        return "no Chinese font for PDFs: install the Debian package fonts-wqy-microhei "
                + "(scripts/install-deps.sh does), or set assessment.pdfFont to a .ttf or .ttc file with Chinese and Latin glyphs";
    }
}
