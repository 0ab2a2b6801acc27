package org.wlcy.classroom.chat;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;
import org.wlcy.classroom.participant.Participant;
import org.wlcy.classroom.participant.Role;
import org.wlcy.classroom.participant.UserId;

/** Who a chat message is for. Wire values are lower case. */
public enum ChatAudience {
    /** Everyone in the class (regulators watching included). */
    CLASS,
    /** The class's lecturers and the sender: a trainee's private question to the lecturers. */
    LECTURERS;

    @JsonValue
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static ChatAudience fromWire(String value) {
        for (ChatAudience a : values()) {
            if (a.wire().equals(value)) {
                return a;
            }
        }
        throw new IllegalArgumentException("to must be 'class' or 'lecturers'");
    }

    /** Whether {@code p} receives a message for this audience sent by {@code sender}. */
    public boolean reaches(Participant p, UserId sender) {
        return this == CLASS || p.role() == Role.LECTURER || p.userId().equals(sender);
    }
}
