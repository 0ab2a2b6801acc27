package org.wlcy.classroom.assessment.certificate;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Objects;
import org.wlcy.classroom.classroom.ClassroomId;
import org.wlcy.classroom.participant.UserId;

/**
 * An e-certificate (《网络创业培训合格证书》, Art. 24(3) 电子证书生成、发放、查询) as issued: what is printed
 * on it, and what the server's Ed25519 key signs ({@link #signedMessage()}). The full ID number is
 * never part of it: only {@code maskedIdNumber}.
 */
public record Certificate(CertificateNumber number, UserId trainee, String traineeName, String maskedIdNumber,
                          ClassroomId classroomId, String className, String institution, String region,
                          LocalDate firstDay, LocalDate lastDay, int classHours, Instant issuedAt) {
    /** First line of every signed certificate message. */
    public static final String MESSAGE_TAG = "wlcy-certificate/v1";

    public Certificate {
        Objects.requireNonNull(number, "number");
        Objects.requireNonNull(trainee, "trainee");
        Objects.requireNonNull(classroomId, "classroomId");
        Objects.requireNonNull(firstDay, "firstDay");
        Objects.requireNonNull(lastDay, "lastDay");
        Objects.requireNonNull(issuedAt, "issuedAt");
        for (String[] f : new String[][] {{"traineeName", traineeName}, {"className", className},
                {"institution", institution}, {"region", region}, {"maskedIdNumber", maskedIdNumber}}) {
            if (f[1] == null || f[1].isBlank() || f[1].length() > 200 || f[1].contains("\n")) {
                throw new IllegalArgumentException(f[0] + " must be 1-200 characters on one line");
            }
        }
        if (lastDay.isBefore(firstDay)) {
            throw new IllegalArgumentException("lastDay is before firstDay");
        }
        if (classHours < 1 || classHours > 10_000) {
            throw new IllegalArgumentException("classHours must be 1-10000");
        }
    }

    /**
     * The bytes the server signs: the tag, then one {@code key=value} line per field in this fixed
     * order, UTF-8, each line ending in {@code \n}. {@code docs/certificates.md} specifies it for
     * verifiers.
     */
    public byte[] signedMessage() {
        return (MESSAGE_TAG + "\n" + new String(body(), StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8);
    }

    /** {@link #signedMessage()} without its tag line. */
    public byte[] body() {
        String m = "number=" + number.value() + "\n"
                + "trainee=" + trainee.value() + "\n"
                + "name=" + traineeName + "\n"
                + "idNumber=" + maskedIdNumber + "\n"
                + "classroomId=" + classroomId.value() + "\n"
                + "className=" + className + "\n"
                + "institution=" + institution + "\n"
                + "region=" + region + "\n"
                + "firstDay=" + firstDay + "\n"
                + "lastDay=" + lastDay + "\n"
                + "classHours=" + classHours + "\n"
                + "issuedAt=" + issuedAt + "\n";
        return m.getBytes(StandardCharsets.UTF_8);
    }
}
