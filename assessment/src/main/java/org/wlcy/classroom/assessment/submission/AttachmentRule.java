package org.wlcy.classroom.assessment.submission;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.wlcy.classroom.error.ClassroomException;
import org.wlcy.classroom.error.ErrorCode;

/**
 * What a submission may carry, judged by content, not by the name: a business plan takes a PDF or
 * a Word document (.docx), evidence of practical results also PNG and JPEG screenshots. Each file
 * is at most {@code maxBytes}. A refusal is error 255 saying what was found and what is taken.
 */
public final class AttachmentRule {
    private final long maxBytes;

    public AttachmentRule(long maxBytes) {
        if (maxBytes < 1024) {
            throw new IllegalArgumentException("maxBytes must be at least 1 KiB");
        }
        this.maxBytes = maxBytes;
    }

    public long maxBytes() {
        return maxBytes;
    }

    /** The content's type if {@code kind} takes it, else a coded refusal. */
    public String check(SubmissionKind kind, String fileName, byte[] content) {
        if (content.length == 0) {
            throw refuse(fileName + " is empty");
        }
        if (content.length > maxBytes) {
            throw refuse(fileName + " is " + content.length / 1024 + " KiB; at most " + maxBytes / 1024 + " KiB");
        }
        String type = sniff(content);
        if (!accepts(kind, type)) {
            throw refuse(fileName + " is " + describe(type) + "; a " + (kind == SubmissionKind.BUSINESS_PLAN
                    ? "business plan" : "practical-results record") + " takes " + allowed(kind));
        }
        if (!nameFits(type, fileName)) {
            throw refuse(fileName + " is " + describe(type) + " but its name says ." + extension(fileName)
                    + "; rename it or save it again");
        }
        return type;
    }

    /** Whether a submission of {@code kind} takes a file of {@code type} (as {@link #check} found it). */
    public static boolean accepts(SubmissionKind kind, String type) {
        return switch (kind) {
            case BUSINESS_PLAN -> type.equals("pdf") || type.equals("docx");
            case PRACTICAL_RESULTS -> List.of("pdf", "docx", "png", "jpeg").contains(type);
        };
    }

    /** What {@code kind} takes, for messages. */
    public static String allowed(SubmissionKind kind) {
        return kind == SubmissionKind.BUSINESS_PLAN ? "PDF or Word (.docx)" : "PDF, Word (.docx), PNG or JPEG";
    }

    /** Whether the name's extension says what the content is ({@code .jpg} or {@code .jpeg} for JPEG). */
    public static boolean nameFits(String type, String fileName) {
        String ext = extension(fileName);
        return switch (type) {
            case "pdf" -> ext.equals("pdf");
            case "docx" -> ext.equals("docx");
            case "png" -> ext.equals("png");
            case "jpeg" -> ext.equals("jpg") || ext.equals("jpeg");
            default -> false;
        };
    }

    private static String extension(String fileName) {
        return fileName.contains(".") ? fileName.substring(fileName.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT) : "";
    }

    /** The media type a file of {@code type} is served as. */
    public static String mediaType(String type) {
        return switch (type) {
            case "pdf" -> "application/pdf";
            case "docx" -> "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
            case "png" -> "image/png";
            case "jpeg" -> "image/jpeg";
            default -> "application/octet-stream";
        };
    }

    private static String describe(String type) {
        return switch (type) {
            case "pdf" -> "a PDF";
            case "docx" -> "a Word document";
            case "png" -> "a PNG image";
            case "jpeg" -> "a JPEG image";
            case "zip" -> "a ZIP archive";
            case "doc" -> "an old Word document (.doc); save it as .docx or PDF";
            default -> "not a file type we take";
        };
    }

    static String sniff(byte[] c) {
        if (starts(c, "%PDF-".getBytes())) {
            return "pdf";
        }
        if (starts(c, new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'})) {
            return "png";
        }
        if (starts(c, new byte[] {(byte) 0xff, (byte) 0xd8, (byte) 0xff})) {
            return "jpeg";
        }
        if (starts(c, new byte[] {(byte) 0xd0, (byte) 0xcf, 0x11, (byte) 0xe0})) {
            return "doc";
        }
        if (starts(c, new byte[] {'P', 'K', 3, 4})) {
            return hasWordDocument(c) ? "docx" : "zip";
        }
        return "unknown";
    }

    /** A .docx is a ZIP with {@code word/document.xml}; entries are only listed, never extracted. */
    private static boolean hasWordDocument(byte[] c) {
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(c))) {
            ZipEntry e;
            int seen = 0;
            while ((e = zip.getNextEntry()) != null && seen++ < 1000) {
                if (e.getName().equals("word/document.xml")) {
                    return true;
                }
            }
        } catch (IOException | IllegalArgumentException e) {
            return false;
        }
        return false;
    }

    private static boolean starts(byte[] c, byte[] prefix) {
        if (c.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (c[i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    private static ClassroomException refuse(String why) {
        return new ClassroomException(ErrorCode.ATTACHMENT_REFUSED, why);
    }
}
