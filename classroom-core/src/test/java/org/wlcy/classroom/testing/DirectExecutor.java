package org.wlcy.classroom.testing;

import java.util.concurrent.Executor;

/**
 * Runs each task at once on the calling thread: a synchronous "lane" for unit tests of
 * {@code LiveClassroom}, so every request, reply and event has happened when the call returns.
 * A task submitted from inside a task runs nested, not after it; use {@link ManualExecutor}
 * where that difference matters.
 */
public enum DirectExecutor implements Executor {
    INSTANCE;

    @Override
    public void execute(Runnable task) {
        task.run();
    }
}
