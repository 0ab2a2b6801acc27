package org.wlcy.classroom.classroom;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Classes configured at start (the demo seed), plus, when {@code acceptFromTokens} is set, any
 * class that a valid token lists: the platform that signs tokens is the source of truth for
 * membership, so such a class is created on first join with the Art. 7 limits.
 */
public final class InMemoryClassroomDirectory implements ClassroomDirectory {
    private final Map<ClassroomId, Classroom> classes = new ConcurrentHashMap<>();
    private final boolean acceptFromTokens;

    public InMemoryClassroomDirectory(boolean acceptFromTokens) {
        this.acceptFromTokens = acceptFromTokens;
    }

    public InMemoryClassroomDirectory add(Classroom classroom) {
        classes.put(classroom.id(), classroom);
        return this;
    }

    @Override
    public Optional<Classroom> find(ClassroomId id) {
        if (acceptFromTokens) {
            return Optional.of(classes.computeIfAbsent(id, k -> Classroom.of(k, k.value())));
        }
        return Optional.ofNullable(classes.get(id));
    }
}
