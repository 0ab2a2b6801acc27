package org.wlcy.classroom.gateway.http;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A WebSocket spoken byte by byte over a plain socket, for hostile-input tests: frames any client
 * library would refuse to send (lengths of 2^62, unfinished fragments, invalid UTF-8) and floods
 * without back-pressure. A reader thread collects the server's frames; the end of the stream is
 * a frame of opcode {@link #EOF}.
 */
final class RawWebSocket implements AutoCloseable {
    static final int TEXT = 0x1;
    static final int BINARY = 0x2;
    static final int CONTINUATION = 0x0;
    static final int CLOSE = 0x8;
    static final int PING = 0x9;
    static final int PONG = 0xA;
    /** Not an opcode: the server closed the TCP connection. */
    static final int EOF = -1;
    private static final byte[] MASK = {0x11, 0x22, 0x33, 0x44};
    private final Socket socket;
    private final OutputStream out;
    private final BlockingQueue<Frame> frames = new LinkedBlockingQueue<>();
    /** Like a browser: answer each ping with a pong, and a close frame with one close frame back. */
    private final boolean browserLike;
    private final java.util.concurrent.atomic.AtomicInteger pings = new java.util.concurrent.atomic.AtomicInteger();
    /** Set once this client sent a close frame: as a browser, it answers the server's close only if not. */
    private volatile boolean closeSent;

    /** One frame from the server. */
    record Frame(int opcode, byte[] payload) {
        String text() {
            return new String(payload, StandardCharsets.UTF_8);
        }

        /** The close code of a close frame (-1 without one). */
        int closeCode() {
            return payload.length >= 2 ? ((payload[0] & 0xff) << 8) | (payload[1] & 0xff) : -1;
        }

        @Override
        public String toString() {
            return opcode == CLOSE ? "close " + closeCode() : opcode == EOF ? "end" : "opcode " + opcode + " ("
                    + payload.length + " bytes)";
        }
    }

    private RawWebSocket(Socket socket, InputStream rest, boolean browserLike) throws IOException {
        this.socket = socket;
        this.out = socket.getOutputStream();
        this.browserLike = browserLike;
        Thread reader = new Thread(() -> read(new DataInputStream(rest)), "raw-ws-reader");
        reader.setDaemon(true);
        reader.start();
    }

    /**
     * Opens {@code /ws?token=...} as a page of the server would (its {@code Origin}) and completes
     * the handshake; fails unless the server answers 101. It answers nothing by itself: pings and
     * close frames are only queued (a client that is alive at the TCP level but dead above it).
     */
    static RawWebSocket open(int port, String token) throws IOException {
        return open(port, token, false);
    }

    /**
     * Like {@link #open}, but answering as browsers do: a pong for each ping (with its payload),
     * and one close frame back for the server's close frame (RFC 6455 5.5.1), then it reads on
     * until the server ends the TCP connection. It sends no message of its own.
     */
    static RawWebSocket openAsBrowser(int port, String token) throws IOException {
        return open(port, token, true);
    }

    private static RawWebSocket open(int port, String token, boolean browserLike) throws IOException {
        Socket s = new Socket("127.0.0.1", port);
        s.setSoTimeout((int) Duration.ofSeconds(10).toMillis());
        String req = "GET /ws?token=" + token + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\n"
                + "Origin: http://127.0.0.1:" + port + "\r\n"
                + "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n"
                + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n";
        s.getOutputStream().write(req.getBytes(StandardCharsets.US_ASCII));
        s.getOutputStream().flush();
        InputStream in = s.getInputStream();
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("closed during the handshake: " + head);
            }
            head.write(b);
        }
        if (!head.toString(StandardCharsets.ISO_8859_1).startsWith("HTTP/1.1 101")) {
            s.close();
            throw new IOException("upgrade refused: " + head);
        }
        return new RawWebSocket(s, in, browserLike);
    }

    /** Sends one masked frame. */
    void send(boolean fin, int opcode, byte[] payload) throws IOException {
        if (opcode == CLOSE) {
            closeSent = true;
        }
        ByteArrayOutputStream f = new ByteArrayOutputStream(payload.length + 14);
        f.write((fin ? 0x80 : 0) | opcode);
        if (payload.length < 126) {
            f.write(0x80 | payload.length);
        } else if (payload.length < 65536) {
            f.write(0x80 | 126);
            f.write(payload.length >>> 8);
            f.write(payload.length & 0xff);
        } else {
            f.write(0x80 | 127);
            for (int i = 7; i >= 0; i--) {
                f.write((int) (((long) payload.length >>> (8 * i)) & 0xff));
            }
        }
        f.write(MASK);
        for (int i = 0; i < payload.length; i++) {
            f.write(payload[i] ^ MASK[i & 3]);
        }
        sendBytes(f.toByteArray());
    }

    void sendText(String text) throws IOException {
        send(true, TEXT, text.getBytes(StandardCharsets.UTF_8));
    }

    /** Writes bytes as they are (a frame header of one's own making). */
    void sendBytes(byte[] bytes) throws IOException {
        synchronized (out) {
            out.write(bytes);
            out.flush();
        }
    }

    /** Pings received from the server so far. */
    int pingsReceived() {
        return pings.get();
    }

    /** Whether the server has ended the connection (a frame of opcode {@link #EOF} is queued). */
    boolean ended() {
        return frames.stream().anyMatch(f -> f.opcode() == EOF);
    }

    /** Every frame received and not yet taken, up to the end of the stream (waiting for it), in order. */
    java.util.List<Frame> framesUntilEnd(Duration timeout) throws InterruptedException {
        java.util.List<Frame> out = new java.util.ArrayList<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Frame f = frames.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (f == null) {
                throw new AssertionError("the server did not end the connection within " + timeout + "; got " + out);
            }
            if (f.opcode() == EOF) {
                return out;
            }
            out.add(f);
        }
    }

    /** The next frame from the server within {@code timeout}, or null. */
    Frame next(Duration timeout) throws InterruptedException {
        return frames.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Reads frames until the close frame (returns its code) or the end of the stream (-1). */
    int awaitClose(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Frame f = frames.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (f == null) {
                throw new AssertionError("the server did not close the connection within " + timeout);
            }
            if (f.opcode() == CLOSE) {
                return f.closeCode();
            }
            if (f.opcode() == EOF) {
                return -1;
            }
        }
    }

    private void read(DataInputStream in) {
        try {
            while (true) {
                int b0 = in.readUnsignedByte();
                int b1 = in.readUnsignedByte();
                long len = b1 & 0x7f;
                if (len == 126) {
                    len = in.readUnsignedShort();
                } else if (len == 127) {
                    len = in.readLong();
                }
                byte[] payload = new byte[(int) len];
                in.readFully(payload);
                int opcode = b0 & 0x0f;
                if (opcode == PING) {
                    pings.incrementAndGet();
                }
                frames.add(new Frame(opcode, payload));
                if (browserLike && (opcode == PING || opcode == CLOSE)) {
                    answer(opcode, payload);
                }
            }
        } catch (EOFException e) {
            frames.add(new Frame(EOF, new byte[0]));
        } catch (IOException e) {
            frames.add(new Frame(EOF, e.toString().getBytes(StandardCharsets.UTF_8)));
        }
    }

    /** A pong for a ping, one close frame (its code) for a close; the server may have gone meanwhile. */
    private void answer(int opcode, byte[] payload) {
        try {
            if (opcode == PING) {
                send(true, PONG, payload);
            } else if (!closeSent) {
                send(true, CLOSE, payload.length >= 2 ? new byte[] {payload[0], payload[1]} : new byte[0]);
            }
        } catch (IOException e) {
            // the server closed first; keep reading what it sent
        }
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }
}
