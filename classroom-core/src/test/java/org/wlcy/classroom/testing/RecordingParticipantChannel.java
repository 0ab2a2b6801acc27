package org.wlcy.classroom.testing;

import java.lang.reflect.RecordComponent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;
import org.wlcy.classroom.error.ErrorCode;
import org.wlcy.classroom.participant.LeaveReason;
import org.wlcy.classroom.participant.ParticipantChannel;
import org.wlcy.classroom.protocol.ErrorResponse;
import org.wlcy.classroom.protocol.ServerMessage;

/**
 * A {@link ParticipantChannel} that records what the server sends, for assertions.
 *
 * <p>Like the real channel, messages sent after {@link #close(LeaveReason)} are dropped; they are
 * kept apart in {@link #droppedAfterClose()} so a test can see that something was sent too late.
 * Thread-safe; the {@code await...} methods wait (with a timeout, never forever) for messages
 * sent from other threads.
 */
public final class RecordingParticipantChannel implements ParticipantChannel {
    private final String name;
    private final List<ServerMessage> messages = new ArrayList<>();
    private final List<ServerMessage> dropped = new ArrayList<>();
    private LeaveReason closedWith;
    private int closeCalls;

    public RecordingParticipantChannel() {
        this("channel");
    }

    /** {@code name} shows up in assertion messages. */
    public RecordingParticipantChannel(String name) {
        this.name = Objects.requireNonNull(name, "name");
    }

    @Override
    public synchronized void send(ServerMessage message) {
        Objects.requireNonNull(message, "message");
        if (closedWith != null) {
            dropped.add(message);
        } else {
            messages.add(message);
        }
        notifyAll();
    }

    @Override
    public synchronized void close(LeaveReason reason) {
        closeCalls++;
        if (closedWith == null) {
            closedWith = Objects.requireNonNull(reason, "reason");
        }
        notifyAll();
    }

    /** Everything sent before the close, in order. */
    public synchronized List<ServerMessage> messages() {
        return List.copyOf(messages);
    }

    /** Messages of one type, in order. */
    public synchronized <T extends ServerMessage> List<T> ofType(Class<T> type) {
        return messages.stream().filter(type::isInstance).map(type::cast).toList();
    }

    /** The last message of a type; fails the test if there is none. */
    public synchronized <T extends ServerMessage> T last(Class<T> type) {
        List<T> all = ofType(type);
        if (all.isEmpty()) {
            throw new AssertionError(name + " received no " + type.getSimpleName() + "; it received " + messages);
        }
        return all.get(all.size() - 1);
    }

    /** The last message of any type; fails the test if there is none. */
    public synchronized ServerMessage lastMessage() {
        if (messages.isEmpty()) {
            throw new AssertionError(name + " received nothing");
        }
        return messages.get(messages.size() - 1);
    }

    /**
     * The reply (a response or an {@link ErrorResponse}) whose {@code requestId} is
     * {@code requestId}; fails the test if there is none or more than one.
     */
    public synchronized ServerMessage replyTo(String requestId) {
        List<ServerMessage> replies = messages.stream()
                .filter(m -> requestId.equals(requestIdOf(m).orElse(null))).toList();
        if (replies.size() != 1) {
            throw new AssertionError(name + " expected exactly one reply to " + requestId + " but got "
                    + replies + "; all messages: " + messages);
        }
        return replies.get(0);
    }

    /** The reply to {@code requestId}, which must be of {@code type}. */
    public <T extends ServerMessage> T replyTo(String requestId, Class<T> type) {
        ServerMessage reply = replyTo(requestId);
        if (!type.isInstance(reply)) {
            throw new AssertionError(name + " expected a " + type.getSimpleName() + " in reply to " + requestId
                    + " but got " + reply);
        }
        return type.cast(reply);
    }

    /** The error reply to {@code requestId}; fails the test if the reply is not an error. */
    public ErrorResponse errorFor(String requestId) {
        return replyTo(requestId, ErrorResponse.class);
    }

    /** The error code of the reply to {@code requestId}; fails the test if it is not an error. */
    public ErrorCode errorCodeFor(String requestId) {
        return ErrorCode.valueOf(errorFor(requestId).error());
    }

    /** Forgets what was received so far (the close state stays). */
    public synchronized void clear() {
        messages.clear();
        dropped.clear();
    }

    /** Why the channel was closed, or null while it is open. */
    public synchronized LeaveReason closedWith() {
        return closedWith;
    }

    public synchronized boolean isClosed() {
        return closedWith != null;
    }

    /** How often {@link #close} was called (it must be idempotent for the caller too). */
    public synchronized int closeCalls() {
        return closeCalls;
    }

    /** Messages sent after the close, which a real channel drops. */
    public synchronized List<ServerMessage> droppedAfterClose() {
        return List.copyOf(dropped);
    }

    /** Waits until a message of {@code type} matching {@code test} has arrived, and returns it. */
    public synchronized <T extends ServerMessage> T await(Class<T> type, Predicate<? super T> test, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            for (ServerMessage m : messages) {
                if (type.isInstance(m) && test.test(type.cast(m))) {
                    return type.cast(m);
                }
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError(name + " received no matching " + type.getSimpleName() + " within "
                        + timeout + "; it received " + messages);
            }
            wait(Math.max(1, left / 1_000_000));
        }
    }

    /** Waits until a message of {@code type} has arrived, and returns the first one. */
    public <T extends ServerMessage> T await(Class<T> type, Duration timeout) throws InterruptedException {
        return await(type, m -> true, timeout);
    }

    /** Waits until the reply to {@code requestId} has arrived, and returns it. */
    public ServerMessage awaitReply(String requestId, Duration timeout) throws InterruptedException {
        return await(ServerMessage.class, m -> requestId.equals(requestIdOf(m).orElse(null)), timeout);
    }

    /** Waits until the channel is closed, and returns the reason. */
    public synchronized LeaveReason awaitClose(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (closedWith == null) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError(name + " was not closed within " + timeout);
            }
            wait(Math.max(1, left / 1_000_000));
        }
        return closedWith;
    }

    /** The {@code requestId} of a response or error; empty for events. */
    public static Optional<String> requestIdOf(ServerMessage message) {
        RecordComponent[] components = message.getClass().getRecordComponents();
        if (components == null) {
            return Optional.empty();
        }
        for (RecordComponent c : components) {
            if (c.getName().equals("requestId")) {
                try {
                    return Optional.ofNullable((String) c.getAccessor().invoke(message));
                } catch (ReflectiveOperationException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        return Optional.empty();
    }

    @Override
    public synchronized String toString() {
        return "RecordingParticipantChannel[" + name + (closedWith != null ? ", closed " + closedWith : "")
                + ", " + messages.size() + " messages]";
    }
}
