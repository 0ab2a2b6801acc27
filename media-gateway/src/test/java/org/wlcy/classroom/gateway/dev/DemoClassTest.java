package org.wlcy.classroom.gateway.dev;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.wlcy.classroom.gateway.auth.TokenService;
import org.wlcy.classroom.participant.Identity;
import org.wlcy.classroom.participant.Role;

/** The join links `scripts/run.sh` prints: one per demo person, each on that role's page. */
class DemoClassTest {
    private final TokenService tokens = new TokenService("0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8),
            "wlcy-classroom", "wlcy-dev", Clock.systemUTC());

    @Test
    void everyRoleHasALinkToItsPageAndTheAdminsOpensTheInstitutionsClasses() {
        List<DemoClass.Person> people = DemoClass.people(tokens, URI.create("http://localhost:8080"), Duration.ofHours(1));
        assertThat(people).extracting(DemoClass.Person::role)
                .contains("lecturer", "trainee", "regulator", "admin");
        DemoClass.Person admin = people.stream().filter(p -> p.role().equals("admin")).findFirst().orElseThrow();
        assertThat(admin.link()).startsWith("http://localhost:8080/classes.html?");
        String token = URLDecoder.decode(admin.link().replaceAll(".*[?&]token=", ""), StandardCharsets.UTF_8);
        Identity who = tokens.verify(token);
        assertThat(who.role()).isEqualTo(Role.ADMIN);
        assertThat(who.institution()).isEqualTo("示范培训机构");
        assertThat(people.stream().filter(p -> p.role().equals("lecturer")).map(DemoClass.Person::link))
                .allMatch(l -> l.contains("/lecturer.html?"));
    }
}
