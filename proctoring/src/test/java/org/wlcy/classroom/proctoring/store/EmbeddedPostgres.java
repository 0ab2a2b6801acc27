package org.wlcy.classroom.proctoring.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;

/**
 * A throw-away PostgreSQL server for tests and benchmarks: Debian's binaries
 * ({@code /usr/lib/postgresql/<version>/bin}, or {@code $PG_BIN}), a fresh cluster in a temp folder,
 * listening on 127.0.0.1 at a free port and on a unix socket in that folder, {@code fsync=on}.
 * PostgreSQL refuses to run as root, so as root the cluster belongs to the {@code postgres} system
 * user and its commands run through {@code runuser}. Started inside the caller's network namespace
 * (the test JVM's). {@link #close()} stops it ({@code pg_ctl stop -m fast}) and deletes the folder.
 */
public final class EmbeddedPostgres implements AutoCloseable {
    /** How to get the binaries on Debian. */
    public static final String INSTALL_HINT = "apt-get install -y --no-install-recommends postgresql"
            + " (or run scripts/install-deps.sh test)";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final boolean ROOT = "root".equals(System.getProperty("user.name"));

    private final Path bin;
    private final Path home;
    private final Path data;
    private final int port;
    private final AtomicInteger databases = new AtomicInteger();
    private final Thread shutdownHook;
    private boolean stopped;

    private EmbeddedPostgres(Path bin, Path home, int port) {
        this.bin = bin;
        this.home = home;
        this.data = home.resolve("data");
        this.port = port;
        this.shutdownHook = new Thread(this::stopQuietly, "embedded-postgres-stop");
    }

    /** The folder with {@code initdb} and {@code pg_ctl}, if PostgreSQL is installed. */
    public static Optional<Path> findBinaries() {
        String env = System.getenv("PG_BIN");
        if (env != null && !env.isBlank()) {
            return Optional.of(Path.of(env)).filter(EmbeddedPostgres::hasTools);
        }
        Path root = Path.of("/usr/lib/postgresql");
        if (!Files.isDirectory(root)) {
            return Optional.empty();
        }
        try (Stream<Path> versions = Files.list(root)) {
            return versions.map(v -> v.resolve("bin")).filter(EmbeddedPostgres::hasTools)
                    .max(Comparator.comparingInt(EmbeddedPostgres::majorVersion));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** Creates a cluster in a new temp folder and starts it; waits until it accepts connections. */
    public static EmbeddedPostgres start(Path bin) {
        Path home;
        try {
            home = Files.createTempDirectory("trace-pg-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        int port = freePort();
        EmbeddedPostgres pg = new EmbeddedPostgres(bin, home, port);
        try {
            pg.initAndStart();
            Runtime.getRuntime().addShutdownHook(pg.shutdownHook);
            return pg;
        } catch (RuntimeException e) {
            pg.stopQuietly();
            throw e;
        }
    }

    private void initAndStart() {
        if (ROOT) {
            run(List.of("chown", "postgres:postgres", home.toString()), false);
        }
        run(List.of(bin.resolve("initdb").toString(), "-D", data.toString(), "-U", "postgres", "-A", "trust",
                "-E", "UTF8", "--locale=C", "--no-sync"), true);
        String options = "-c listen_addresses=127.0.0.1 -p " + port + " -k " + home
                + " -c fsync=on -c synchronous_commit=on -c full_page_writes=on -c max_connections=100";
        run(List.of(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-l", home.resolve("server.log").toString(),
                "-o", options, "-W", "start"), true);
        awaitReady();
    }

    private void awaitReady() {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        SQLException last = null;
        while (System.nanoTime() < deadline) {
            try (Connection c = DriverManager.getConnection(jdbcUrl("postgres"), "postgres", "")) {
                return;
            } catch (SQLException e) {
                last = e;
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(25));
        }
        throw new IllegalStateException("PostgreSQL did not accept connections within " + START_TIMEOUT
                + "; server log:\n" + serverLog(), last);
    }

    /** JDBC URL of {@code database} on this server (TCP on 127.0.0.1). */
    public String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    /** The superuser ({@code postgres}, no password). */
    public String user() {
        return "postgres";
    }

    public int port() {
        return port;
    }

    /** Creates a new, empty database and returns its JDBC URL. */
    public String createDatabase() {
        String name = "trace_" + databases.incrementAndGet();
        try (Connection c = DriverManager.getConnection(jdbcUrl("postgres"), user(), "");
             Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create database " + name, e);
        }
        return jdbcUrl(name);
    }

    /** Runs one statement in {@code jdbcUrl} as the superuser. */
    public void execute(String jdbcUrl, String sql) {
        try (Connection c = DriverManager.getConnection(jdbcUrl, user(), ""); Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + " failed", e);
        }
    }

    @Override
    public synchronized void close() {
        if (stopped) {
            return;
        }
        stopQuietly();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running or has run
        }
    }

    private synchronized void stopQuietly() {
        if (stopped) {
            return;
        }
        stopped = true;
        if (Files.exists(data.resolve("postmaster.pid"))) {
            try {
                run(List.of(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-m", "fast", "-w", "stop"), true);
            } catch (RuntimeException e) {
                System.err.println("Stopping PostgreSQL failed: " + e.getMessage());
            }
        }
        deleteTree(home);
    }

    private String serverLog() {
        try {
            return Files.readString(home.resolve("server.log"), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(no server log: " + e.getMessage() + ")";
        }
    }

    private void run(List<String> command, boolean asPostgres) {
        List<String> full = new ArrayList<>();
        if (asPostgres && ROOT) {
            full.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        full.addAll(command);
        try {
            Process p = new ProcessBuilder(full).directory(home.toFile()).redirectErrorStream(true).start();
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException(String.join(" ", full) + " did not finish");
            }
            if (p.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", full) + " failed (" + p.exitValue() + "):\n" + out
                        + (Files.exists(home.resolve("server.log")) ? "\nserver log:\n" + serverLog() : ""));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean hasTools(Path bin) {
        return Files.isExecutable(bin.resolve("initdb")) && Files.isExecutable(bin.resolve("pg_ctl"));
    }

    private static int majorVersion(Path bin) {
        try {
            return Integer.parseInt(bin.getParent().getFileName().toString());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> all = Files.walk(root)) {
            all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            System.err.println("Could not delete " + root + ": " + e.getMessage());
        }
    }
}
