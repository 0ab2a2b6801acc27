package org.wlcy.classroom.proctoring.attendance;

/** How much a {@link Reason} weighs. */
public enum Severity {
    /** Makes a trainee ineligible for the assessment, or refuses a request. */
    BLOCKING,
    /** A breach of the class rules worth showing, that does not by itself block. */
    WARNING,
    /** How a figure was reached. */
    INFO
}
