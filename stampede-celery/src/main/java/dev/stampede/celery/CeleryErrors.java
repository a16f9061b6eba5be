package dev.stampede.celery;

import dev.stampede.core.api.ErrorClass;

import java.util.List;

/**
 * The error classes of Celery attempts. A task's own failure (its exception) is {@link #TASK_FAILED}, with the
 * exception type and message as the sample; a task name the worker does not know (NotRegistered) is the workload's
 * own mistake and uses the engine's {@link ErrorClass#CLIENT_ERROR}, so a run sending only such tasks stops as bad
 * input. Stateless.
 */
public final class CeleryErrors {
    public static final ErrorClass TASK_FAILED = new ErrorClass("celery-task-failed", "the task raised an exception on the worker (FAILURE)", false);
    public static final ErrorClass RESULT_TIMEOUT = new ErrorClass("celery-result-timeout",
            "no final state on the result backend within celery.result_timeout (never completed)", false);
    public static final ErrorClass LOAD_END = new ErrorClass("celery-pending-at-end",
            "still without a final state shortly after the load ended (followed in the Celery section)", false);
    public static final ErrorClass NO_CONSUMER = new ErrorClass("celery-no-consumer",
            "no worker takes tasks from the queue (none started, or every one died or hangs)", true);
    public static final ErrorClass BROKER = new ErrorClass("celery-broker", "the broker refused or lost the message (publish failed)", true);

    public static final List<ErrorClass> ALL = List.of(TASK_FAILED, RESULT_TIMEOUT, LOAD_END, NO_CONSUMER, BROKER);

    private CeleryErrors() {
    }
}
