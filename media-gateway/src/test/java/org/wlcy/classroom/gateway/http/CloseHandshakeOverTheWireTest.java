package org.wlcy.classroom.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wlcy.classroom.classroom.ClassroomId;
import org.wlcy.classroom.gateway.Gateway;
import org.wlcy.classroom.gateway.config.GatewayConfig;
import org.wlcy.classroom.participant.Identity;
import org.wlcy.classroom.participant.Role;
import org.wlcy.classroom.participant.UserId;
import org.wlcy.classroom.testing.FakeMediaServer;

/**
 * The closing handshake after the server refuses a connection's input (RFC 6455 5.5.1, 7.1.2;
 * docs/adr/0013-hostile-input.md): the server sends exactly one close frame, with the code that
 * says why (1007 invalid UTF-8, 1008 a policy violation, 1009 too big), and ends the TCP connection
 * after the client's close frame, which a browser sends back; a second close frame (a 1000 after
 * the 1008, or an echo of the client's) is a protocol error for the client.
 */
class CloseHandshakeOverTheWireTest {
    private static final String SECRET = "close-handshake-test-secret-0123456789abcdef";
    private static final String CLASS = "c-close";
    private static final int HARD_FRAME_LIMIT = 65536;
    @TempDir
    Path dataDir;
    private Gateway gateway;
    private int port;

    @BeforeEach
    void start() throws Exception {
        try (var s = new java.net.ServerSocket(0)) {
            port = s.getLocalPort();
        }
        gateway = Gateway.start(GatewayConfig.load(Map.of(), List.of("--http.host=127.0.0.1", "--http.port=" + port,
                "--data.dir=" + dataDir, "--auth.hmacSecret=" + SECRET, "--proctor.faceChecks=false",
                "--ws.hardFrameLimitBytes=" + HARD_FRAME_LIMIT, "--ws.maxMessageBytes=16384")),
                new FakeMediaServer(), Clock.systemUTC());
    }

    @AfterEach
    void stop() {
        gateway.close();
    }

    private RawWebSocket browser(String user) throws IOException {
        return RawWebSocket.openAsBrowser(port, gateway.tokens().issue(new Identity(new UserId(user), "n-" + user,
                Role.TRAINEE, Set.of(new ClassroomId(CLASS)), "机构A", "110000", Instant.EPOCH), Duration.ofMinutes(30)));
    }

    /** Every close frame the server sent, up to the end of the TCP connection. */
    private static List<RawWebSocket.Frame> closeFrames(RawWebSocket ws) throws InterruptedException {
        return ws.framesUntilEnd(Duration.ofSeconds(10)).stream().filter(f -> f.opcode() == RawWebSocket.CLOSE)
                .toList();
    }

    private static void assertOneClose(List<RawWebSocket.Frame> closes, int code) {
        assertThat(closes).as("close frames from the server").hasSize(1);
        assertThat(closes.get(0).closeCode()).isEqualTo(code);
    }

    /** Sends until the server stops reading; what it sent back is in the reader's queue. */
    private interface Attack {
        void run() throws IOException;
    }

    private static void untilRefused(Attack attack) throws IOException {
        try {
            attack.run();
        } catch (SocketException e) {
            // the server closed the connection mid-attack
        }
    }

    @Test
    void invalidUtf8GetsOne1007() throws Exception {
        try (RawWebSocket ws = browser("t01")) {
            ws.send(true, RawWebSocket.TEXT, new byte[] {'{', '"', (byte) 0xC3, 0x28, '"', '}'});
            assertOneClose(closeFrames(ws), 1007);
        }
    }

    @Test
    void tooManyFragmentsGetOne1008() throws Exception {
        try (RawWebSocket ws = browser("t02")) {
            untilRefused(() -> {
                ws.send(false, RawWebSocket.TEXT, "{".getBytes(StandardCharsets.UTF_8));
                for (int i = 0; i < 100; i++) {
                    ws.send(false, RawWebSocket.CONTINUATION, new byte[] {' '});
                }
            });
            assertOneClose(closeFrames(ws), 1008);
        }
    }

    @Test
    void aFloodGetsOne1008() throws Exception {
        try (RawWebSocket ws = browser("t03")) {
            byte[] ping = "{\"type\":\"ping\",\"requestId\":\"f\"}".getBytes(StandardCharsets.UTF_8);
            untilRefused(() -> {
                for (int i = 0; i < 2_000; i++) {
                    ws.send(true, RawWebSocket.TEXT, ping);
                }
            });
            assertOneClose(closeFrames(ws), 1008);
        }
    }

    @Test
    void aFrameClaimingTwoToTheSixtyTwoBytesGetsOne1009() throws Exception {
        try (RawWebSocket ws = browser("t04")) {
            byte[] header = new byte[2 + 8 + 4];
            header[0] = (byte) 0x81;
            header[1] = (byte) (0x80 | 127);
            long length = 1L << 62;
            for (int i = 0; i < 8; i++) {
                header[2 + i] = (byte) (length >>> (8 * (7 - i)));
            }
            untilRefused(() -> {
                ws.sendBytes(header);
                ws.sendBytes(new byte[1024]);
            });
            assertOneClose(closeFrames(ws), 1009);
        }
    }

    @Test
    void fragmentsPastTheHardLimitGetOne1009() throws Exception {
        try (RawWebSocket ws = browser("t05")) {
            byte[] chunk = "x".repeat(4096).getBytes(StandardCharsets.US_ASCII);
            untilRefused(() -> {
                ws.send(false, RawWebSocket.TEXT, "{\"type\":\"ping\",\"requestId\":\"".getBytes(StandardCharsets.UTF_8));
                for (int i = 0; i < HARD_FRAME_LIMIT / chunk.length + 4; i++) {
                    ws.send(false, RawWebSocket.CONTINUATION, chunk);
                }
            });
            assertOneClose(closeFrames(ws), 1009);
        }
    }

    @Test
    void aClientsOwnCloseIsAnsweredOnce() throws Exception {
        try (RawWebSocket ws = browser("t06")) {
            ws.send(true, RawWebSocket.CLOSE, new byte[] {0x03, (byte) 0xE8});
            assertOneClose(closeFrames(ws), 1000);
        }
    }
}
