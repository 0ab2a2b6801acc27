package org.wlcy.classroom.gateway.dev;

import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.wlcy.classroom.classroom.ClassroomId;
import org.wlcy.classroom.gateway.auth.TokenService;
import org.wlcy.classroom.participant.Identity;
import org.wlcy.classroom.participant.Role;
import org.wlcy.classroom.participant.UserId;

/**
 * {@code classroom-gateway token --sub t09 --name 赵六 --role trainee --class demo-class [--ttl 3600]}:
 * prints a token signed with the configured (or development) secret.
 */
public final class TokenCommand {
    private TokenCommand() {
    }

    public static int run(List<String> args, TokenService tokens, PrintStream out, PrintStream err) {
        String sub = null;
        String name = null;
        String role = "trainee";
        String inst = "";
        String region = "";
        long ttl = 3600;
        Set<ClassroomId> classes = new LinkedHashSet<>();
        try {
            for (int i = 0; i < args.size(); i++) {
                String a = args.get(i);
                String v = i + 1 < args.size() ? args.get(i + 1) : null;
                switch (a) {
                    case "--sub" -> sub = v;
                    case "--name" -> name = v;
                    case "--role" -> role = v;
                    case "--class" -> classes.add(new ClassroomId(v));
                    case "--inst" -> inst = v;
                    case "--region" -> region = v;
                    case "--ttl" -> ttl = Long.parseLong(v);
                    default -> throw new IllegalArgumentException("unknown option " + a);
                }
                i++;
            }
            if (sub == null) {
                throw new IllegalArgumentException("--sub is required");
            }
            Identity who = new Identity(new UserId(sub), name == null ? sub : name, Role.fromWire(role), classes,
                    inst, region, Instant.EPOCH);
            out.println(tokens.issue(who, Duration.ofSeconds(ttl)));
            return 0;
        } catch (RuntimeException e) {
            err.println("token: " + e.getMessage());
            err.println("usage: token --sub ID [--name NAME] [--role lecturer|trainee|regulator|admin] "
                    + "[--class ID]... [--inst NAME] [--region CODE] [--ttl SECONDS]");
            return 2;
        }
    }
}
