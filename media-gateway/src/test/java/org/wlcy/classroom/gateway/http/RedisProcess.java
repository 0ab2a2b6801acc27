package org.wlcy.classroom.gateway.http;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

/**
 * A Redis server of the test's own (Debian's {@code redis-server}) on a free loopback port, with
 * nothing saved to disk. It can be stopped and started again on the same port.
 */
final class RedisProcess implements AutoCloseable {
    static final Path BINARY = Path.of("/usr/bin/redis-server");
    private final int port;
    private Process process;

    private RedisProcess(int port) {
        this.port = port;
    }

    static boolean isInstalled() {
        return Files.isExecutable(BINARY);
    }

    static RedisProcess start() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        RedisProcess r = new RedisProcess(port);
        r.startAgain();
        return r;
    }

    String url() {
        return "redis://127.0.0.1:" + port;
    }

    void startAgain() throws IOException {
        process = new ProcessBuilder(BINARY.toString(), "--port", Integer.toString(port), "--bind", "127.0.0.1",
                "--save", "", "--appendonly", "no", "--daemonize", "no", "--protected-mode", "yes")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (true) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException e) {
                if (System.nanoTime() > deadline || !process.isAlive()) {
                    throw new IOException("redis-server did not start on port " + port, e);
                }
                LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
            }
        }
    }

    /** Kills the server (as a crash would) and waits until it is gone. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null) {
            kill();
        }
    }
}
