package org.wlcy.classroom.protocol;

import java.time.Instant;

/**
 * Feedback forms (issue G, Art. 9): the forms themselves are answered over REST
 * ({@code docs/protocol.md}, "Result assessment"); the class's trainees who are present are told
 * when one is put to them, so their page can ask at once.
 */
public final class FormMessages {
    private FormMessages() {
    }

    /**
     * {@code form.opened}: to the class's trainees present when a form is put to them and open now
     * (the daily form the server puts when a lesson ends, the end-of-class form an admin or lecturer
     * opens). {@code kind} is {@code daily} or {@code final}; {@code day} the training day a daily
     * form is about (ISO date), null for the end-of-class form.
     */
    public record FormOpenedEvent(String formId, String kind, String day, Instant opensAt, Instant closesAt)
            implements ServerMessage {
    }
}
