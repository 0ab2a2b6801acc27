package org.wlcy.classroom.gateway.dev;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.wlcy.classroom.classroom.Classroom;
import org.wlcy.classroom.classroom.ClassroomId;
import org.wlcy.classroom.gateway.auth.TokenService;
import org.wlcy.classroom.participant.Identity;
import org.wlcy.classroom.participant.Role;
import org.wlcy.classroom.participant.UserId;

/** The seeded demo class of the embedded default: two lecturers, five trainees, one regulator. */
public final class DemoClass {
    public static final ClassroomId ID = new ClassroomId("demo-class");
    public static final Classroom CLASSROOM = Classroom.of(ID, "网络创业培训示范班");

    /** One demo person and their join link. */
    public record Person(String userId, String displayName, String role, String link) {
    }

    private record Seed(String id, String name, Role role) {
    }

    private static final List<Seed> PEOPLE = List.of(
            new Seed("l01", "李老师", Role.LECTURER),
            new Seed("l02", "张老师", Role.LECTURER),
            new Seed("t01", "王芳", Role.TRAINEE),
            new Seed("t02", "刘洋", Role.TRAINEE),
            new Seed("t03", "陈静", Role.TRAINEE),
            new Seed("t04", "杨磊", Role.TRAINEE),
            new Seed("t05", "赵敏", Role.TRAINEE),
            new Seed("r01", "市人社局督导员", Role.REGULATOR),
            new Seed("a01", "示范培训机构管理员", Role.ADMIN));

    private DemoClass() {
    }

    /** Join links for everyone, with tokens valid for {@code ttl}. */
    public static List<Person> people(TokenService tokens, URI publicUrl, Duration ttl) {
        return PEOPLE.stream().map(p -> {
            Identity who = new Identity(new UserId(p.id()), p.name(), p.role(), Set.of(ID), "示范培训机构",
                    "110000", Instant.EPOCH);
            String page = switch (p.role()) {
                case LECTURER -> "lecturer.html";
                case REGULATOR -> "regulator.html";
                case ADMIN -> "classes.html"; // the institution's classes, rosters, partners, webhooks
                default -> "trainee.html";
            };
            String link = publicUrl + "/" + page + "?class=" + ID.value() + "&token="
                    + URLEncoder.encode(tokens.issue(who, ttl), StandardCharsets.UTF_8);
            return new Person(p.id(), p.name(), p.role().wire(), link);
        }).toList();
    }
}
