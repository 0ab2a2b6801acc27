package org.wlcy.classroom.playback.replay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@link Remuxer} running Janus's {@code janus-pp-rec} (Debian package {@code janus-tools}). The
 * binary is {@value #DEFAULT_BINARY} on the PATH unless the system property
 * {@value #BINARY_PROPERTY} names another. Remuxing copies packets (no decoding): 20-30 ms even
 * for a minute of media.
 */
public final class JanusPpRec implements Remuxer {
    public static final String BINARY_PROPERTY = "classroom.janusPpRec";
    public static final String DEFAULT_BINARY = "janus-pp-rec";
    private static final long TIMEOUT_SECONDS = 600;

    private final String binary;
    private final ObjectMapper json = new ObjectMapper();

    public JanusPpRec(String binary) {
        this.binary = binary;
    }

    /** The binary from {@value #BINARY_PROPERTY}, else {@value #DEFAULT_BINARY}. */
    public static JanusPpRec fromSystemProperty() {
        return new JanusPpRec(System.getProperty(BINARY_PROPERTY, DEFAULT_BINARY));
    }

    /**
     * Reads the header from the file itself when it is an {@code MJR00002} recording (8 bytes of
     * magic, a 16-bit big-endian length, that many bytes of JSON, written with the first packet),
     * which spares a process per file; otherwise asks {@code janus-pp-rec -j}.
     */
    @Override
    public Header header(Path mjr) throws IOException {
        byte[] start = new byte[10];
        try (var in = Files.newInputStream(mjr)) {
            if (in.readNBytes(start, 0, 10) == 10
                    && "MJR00002".equals(new String(start, 0, 8, StandardCharsets.US_ASCII))) {
                int length = ((start[8] & 0xff) << 8) | (start[9] & 0xff);
                byte[] header = in.readNBytes(length);
                if (header.length == length) {
                    return parse(mjr, new String(header, StandardCharsets.UTF_8));
                }
            }
        }
        return parse(mjr, run(List.of("-j", mjr.toString())));
    }

    private Header parse(Path mjr, String out) throws IOException {
        int start = out.indexOf('{');
        int end = out.lastIndexOf('}');
        if (start < 0 || end < start) {
            throw new IOException("janus-pp-rec printed no header for " + mjr.getFileName() + ": " + tail(out));
        }
        JsonNode h = json.readTree(out.substring(start, end + 1));
        long first = h.path("u").asLong(0);
        if (first <= 0) {
            first = h.path("s").asLong(0);
        }
        if (first <= 0) {
            throw new IOException(mjr.getFileName() + " has no first-packet time (empty recording?)");
        }
        return new Header("v".equals(h.path("t").asText()), h.path("c").asText(""), first);
    }

    @Override
    public void remux(Path mjr, Path out) throws IOException {
        Files.deleteIfExists(out);
        String log = run(List.of(mjr.toString(), out.toString()));
        if (!Files.isRegularFile(out) || Files.size(out) == 0) {
            throw new IOException("janus-pp-rec wrote nothing for " + mjr.getFileName() + ": " + tail(log));
        }
    }

    private String run(List<String> args) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(binary);
        cmd.add("-d");
        cmd.add("1");
        cmd.add("-o");
        cmd.addAll(args);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        byte[] output;
        try (var in = p.getInputStream()) {
            output = in.readAllBytes();
        }
        try {
            if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException("janus-pp-rec took longer than " + TIMEOUT_SECONDS + " s");
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running janus-pp-rec", e);
        }
        String text = new String(output, StandardCharsets.UTF_8);
        if (p.exitValue() != 0) {
            throw new IOException("janus-pp-rec " + String.join(" ", args) + " failed (" + p.exitValue() + "): "
                    + tail(text));
        }
        return text;
    }

    private static String tail(String s) {
        String t = s.strip();
        return t.length() > 400 ? "…" + t.substring(t.length() - 400) : t;
    }
}
