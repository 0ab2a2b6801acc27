package org.wlcy.classroom.gateway;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.wlcy.classroom.gateway.config.ConfigException;
import org.wlcy.classroom.gateway.config.GatewayConfig;
import org.wlcy.classroom.gateway.dev.DemoClass;
import org.wlcy.classroom.gateway.dev.TokenCommand;
import org.wlcy.classroom.gateway.media.MediaWiring;

/**
 * Starts the classroom server: {@code java -jar classroom-gateway.jar [--key=value...]}, or
 * {@code ... token --sub ID --role ROLE --class ID} to print a token, or
 * {@code ... verify-bundle BUNDLE.zip [--public-key KEY.pem]} to check a regulator's trace bundle
 * offline, or {@code ... verify-certificate CERTIFICATE.pdf --public-key KEY.pem} to check an
 * e-certificate offline (docs/certificates.md). Builds the object graph by
 * hand and shuts it down in reverse on exit.
 */
public final class Main {
    private static final Logger LOG = LoggerFactory.getLogger(Main.class);

    private Main() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("verify-bundle")) {
            System.exit(org.wlcy.classroom.proctoring.integrity.VerifyBundleCommand.run(
                    Arrays.copyOfRange(args, 1, args.length), System.out, System.err));
            return;
        }
        if (args.length > 0 && args[0].equals("verify-certificate")) {
            java.io.PrintStream out = new java.io.PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out),
                    true, java.nio.charset.StandardCharsets.UTF_8);
            System.exit(org.wlcy.classroom.assessment.print.VerifyCertificateCommand.run(
                    Arrays.copyOfRange(args, 1, args.length), out, System.err));
            return;
        }
        List<String> argList = new ArrayList<>(Arrays.asList(args));
        boolean tokenCommand = !argList.isEmpty() && argList.get(0).equals("token");
        List<String> flags = new ArrayList<>();
        List<String> rest = new ArrayList<>();
        for (String a : tokenCommand ? argList.subList(1, argList.size()) : argList) {
            (a.startsWith("--") && a.contains("=") ? flags : rest).add(a);
        }
        GatewayConfig config;
        try {
            config = GatewayConfig.load(System.getenv(), flags);
        } catch (ConfigException e) {
            System.err.println("The classroom server cannot start; fix its configuration:");
            e.problems().forEach(p -> System.err.println("  - " + p));
            System.exit(2);
            return;
        }
        org.wlcy.classroom.gateway.config.LogFormat.apply(config.logFormat(), "logback.xml");
        if (tokenCommand) {
            System.exit(TokenCommand.run(rest, Gateway.tokenService(config, Clock.systemUTC()), System.out,
                    System.err));
            return;
        }
        if (!rest.isEmpty()) {
            System.err.println("unknown arguments " + rest + "; settings are given as --key=value");
            System.exit(2);
            return;
        }

        ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2, r -> {
            Thread t = new Thread(r, "media-scheduler");
            t.setDaemon(true);
            return t;
        });
        MediaWiring media = MediaWiring.start(config, scheduler);
        Gateway gateway = Gateway.start(config, media.server(), Clock.systemUTC());
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            LOG.info("shutting down");
            gateway.close();
            media.close();
            scheduler.shutdownNow();
        }, "shutdown"));

        URI url = config.http().publicUrl();
        System.out.println();
        System.out.println("Classroom server: " + url + "/");
        if (config.auth().devMode()) {
            System.out.println("Demo class " + DemoClass.ID + " (" + DemoClass.CLASSROOM.name() + "), join links:");
            for (DemoClass.Person p : DemoClass.people(gateway.tokens(), url,
                    Duration.ofSeconds(config.auth().devTokenTtlSeconds()))) {
                System.out.printf("  %-9s %-8s %s%n", p.role(), p.displayName(), p.link());
            }
        }
        if (!media.server().isAvailable()) {
            System.out.println("Media server: " + media.status());
        }
        System.out.println();
        Thread.currentThread().join();
    }
}
