package dev.stampede.celery;

import dev.stampede.celery.broker.Broker;
import dev.stampede.celery.broker.QueueDepth;
import dev.stampede.core.api.Monitor;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The queue on the run's interval clock: {@code queue_length} (ready messages), {@code unacked} (Redis: reserved by
 * workers), {@code consumers} (AMQP), Stampede's own {@code in_flight} tasks, and the counters {@code submitted},
 * {@code completed} and {@code retries}. Keeps the queue length series (seconds since the scenario began) for the
 * Celery section. Sampler thread only, except {@link #series()} after the load.
 */
public final class QueueMonitor implements Monitor {
    private final Broker broker;
    private final List<String> queues;
    private final TaskTracker tracker;
    private final long startNanos;
    private final dev.stampede.core.engine.NanoClock clock;
    private final List<double[]> series = java.util.Collections.synchronizedList(new ArrayList<>());

    public QueueMonitor(Broker broker, List<String> queues, TaskTracker tracker, dev.stampede.core.engine.NanoClock clock) {
        this.broker = broker;
        this.queues = List.copyOf(queues);
        this.tracker = tracker;
        this.clock = clock;
        this.startNanos = clock.nanoTime();
    }

    @Override public String name() { return "celery"; }

    /** The summed depth of the scenario's queues; the broker's exceptions pass through. */
    QueueDepth depth() {
        long ready = 0, reserved = 0, consumers = 0;
        boolean noReserved = false, noConsumers = false;
        for (String q : queues) {
            QueueDepth d;
            try {
                d = broker.depth(q);
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new IllegalStateException(e.getMessage(), e);
            }
            ready += d.ready();
            if (d.reserved() < 0) noReserved = true;
            else reserved = Math.max(reserved, d.reserved());   // Redis: one unacked hash for every queue
            if (d.consumers() < 0) noConsumers = true;
            else consumers += d.consumers();
        }
        return new QueueDepth(ready, noReserved ? -1 : reserved, noConsumers ? -1 : consumers);
    }

    @Override
    public Map<String, Double> sample() {
        Map<String, Double> m = new LinkedHashMap<>();
        try {
            QueueDepth d = depth();
            m.put("queue_length", (double) d.ready());
            if (d.reserved() >= 0) m.put("unacked", (double) d.reserved());
            if (d.consumers() >= 0) m.put("consumers", (double) d.consumers());
            series.add(new double[]{(clock.nanoTime() - startNanos) / 1e9, d.ready(), d.backlog()});
        } catch (RuntimeException e) {
            // the broker did not answer this time; the publishes say why
        }
        m.put("in_flight", (double) tracker.pendingCount());
        m.put("submitted", (double) tracker.submitted());
        m.put("completed", (double) tracker.completed());
        m.put("retries", (double) tracker.retries());
        return m;
    }

    /** Adds one point outside the sampler (the drain wait after the load). */
    void point(QueueDepth d) {
        series.add(new double[]{(clock.nanoTime() - startNanos) / 1e9, d.ready(), d.backlog()});
    }

    @Override public Set<String> counters() { return Set.of("submitted", "completed", "retries"); }

    /** [seconds, ready, backlog] points so far. */
    List<double[]> series() {
        synchronized (series) {
            return List.copyOf(series);
        }
    }

    long startNanos() { return startNanos; }
}
