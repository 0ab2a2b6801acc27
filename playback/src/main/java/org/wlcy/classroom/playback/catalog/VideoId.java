package org.wlcy.classroom.playback.catalog;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.regex.Pattern;

/** A playable video's id: a lesson replay or an on-demand lesson. Safe as a folder name. */
public record VideoId(String value) {
    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,63}");

    @JsonCreator
    public VideoId {
        if (value == null || !VALID.matcher(value).matches()) {
            throw new IllegalArgumentException("videoId must be 1-64 letters, digits, '_' or '-'");
        }
    }

    @JsonValue
    @Override
    public String value() {
        return value;
    }

    @Override
    public String toString() {
        return value;
    }
}
