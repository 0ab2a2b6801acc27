package org.wlcy.classroom.assessment.certificate;

import java.text.Normalizer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.wlcy.classroom.error.ClassroomException;
import org.wlcy.classroom.error.ErrorCode;
import org.wlcy.classroom.participant.UserId;

/**
 * Every certificate issued, and the revocations, as read back from the record in order. Pure: the
 * adapter that keeps it durable replays its events into {@link #issued} and {@link #revoked}.
 */
public final class CertificateRegistry {
    /** A revocation by an admin, with its reason (on the record; never shown by the public look-up). */
    public record Revocation(UserId by, String reason, Instant at) {
    }

    private final Map<String, CertificateSeal> byNumber = new LinkedHashMap<>();
    private final Map<String, Revocation> revoked = new LinkedHashMap<>();

    public void issued(CertificateSeal seal) {
        byNumber.putIfAbsent(seal.certificate().number().value(), seal);
    }

    public void revoked(CertificateNumber number, Revocation r) {
        if (!byNumber.containsKey(number.value())) {
            throw new ClassroomException(ErrorCode.INVALID_FIELD, "number: no certificate " + number + " was issued");
        }
        revoked.putIfAbsent(number.value(), r);
    }

    public Optional<CertificateSeal> find(CertificateNumber number) {
        return Optional.ofNullable(byNumber.get(number.value()));
    }

    public Optional<Revocation> revocation(CertificateNumber number) {
        return Optional.ofNullable(revoked.get(number.value()));
    }

    /** The trainee's certificate of a class, if one was issued. */
    public Optional<CertificateSeal> of(UserId trainee, org.wlcy.classroom.classroom.ClassroomId classroom) {
        return byNumber.values().stream().filter(s -> s.certificate().trainee().equals(trainee)
                && s.certificate().classroomId().equals(classroom)).findFirst();
    }

    /** The public look-up: the number and the holder's name (spaces and width ignored) must both match. */
    public LookupAnswer lookup(String number, String name) {
        if (number == null || name == null || CertificateNumber.parseProblem(number.trim()).isPresent()) {
            return LookupAnswer.UNKNOWN;
        }
        CertificateSeal seal = byNumber.get(number.trim());
        if (seal == null || !normal(seal.certificate().traineeName()).equals(normal(name))) {
            return LookupAnswer.UNKNOWN;
        }
        return revoked.containsKey(number.trim()) ? LookupAnswer.REVOKED : LookupAnswer.VALID;
    }

    /** The next sequence number of a region and year: one more than the highest issued. */
    public int nextSequence(String region, int year) {
        String prefix = region + "-" + year + "-";
        int max = 0;
        for (String n : byNumber.keySet()) {
            if (n.startsWith(prefix)) {
                max = Math.max(max, Integer.parseInt(n.substring(prefix.length(), n.length() - 1)));
            }
        }
        return max + 1;
    }

    public List<CertificateSeal> all() {
        return new ArrayList<>(byNumber.values());
    }

    private static String normal(String name) {
        return Normalizer.normalize(name, Normalizer.Form.NFKC).replaceAll("[\\s·•・.]", "");
    }
}
