package dev.stampede.cli.dashboard;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class BroadcasterTest {
    /** A sink whose first write never returns until released: a browser that stopped reading. */
    static final class StuckSink implements Broadcaster.Sink {
        final CountDownLatch release = new CountDownLatch(1);
        final CountDownLatch entered = new CountDownLatch(1);
        volatile boolean closed;

        @Override
        public void send(byte[] frame) throws IOException {
            entered.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                throw new IOException(e);
            }
        }

        @Override
        public void close() { closed = true; }
    }

    static final class ListSink implements Broadcaster.Sink {
        final List<String> frames = new CopyOnWriteArrayList<>();

        @Override
        public void send(byte[] frame) { frames.add(new String(frame, StandardCharsets.UTF_8)); }

        @Override
        public void close() { }
    }

    private static Thread serve(Broadcaster<String> b, Broadcaster.Subscriber<String> s) {
        Thread t = new Thread(() -> b.serve(s, SseFrame::message), "test-writer");
        t.setDaemon(true);
        t.start();
        return t;
    }

    @Test
    void slowSubscriberIsDroppedWithoutBlockingThePublisherOrTheOthers() throws Exception {
        Broadcaster<String> b = new Broadcaster<>(4, 8, 60_000);
        StuckSink stuck = new StuckSink();
        ListSink fast = new ListSink();
        var slow = b.subscribe(stuck, List.of());
        var ok = b.subscribe(fast, List.of());
        Thread slowWriter = serve(b, slow);
        Thread fastWriter = serve(b, ok);
        b.publish("e0");
        assertThat(stuck.entered.await(5, TimeUnit.SECONDS)).isTrue();

        long worst = 0;
        for (int i = 1; i < 30; i++) {
            long t0 = System.nanoTime();
            b.publish("e" + i);
            worst = Math.max(worst, System.nanoTime() - t0);
            Thread.sleep(10);
        }
        assertThat(worst).as("publishing never waits for a subscriber").isLessThan(TimeUnit.MILLISECONDS.toNanos(50));
        assertThat(slow.dropped()).as("8 events behind: dropped").isTrue();
        b.awaitDelivered(2000);
        assertThat(ok.dropped()).isFalse();
        assertThat(fast.frames).hasSize(30).startsWith("data: e0\n\n").endsWith("data: e29\n\n");
        assertThat(b.subscriberCount()).isEqualTo(1);

        stuck.release.countDown();
        slowWriter.join(5000);
        assertThat(stuck.closed).as("a dropped subscriber's stream is closed").isTrue();
        fastWriter.interrupt();
    }

    @Test
    void aSubscriberThatKeepsUpGetsEveryEventInOrderAndTheInitialStateFirst() throws Exception {
        Broadcaster<String> b = new Broadcaster<>(4, 8, 60_000);
        ListSink sink = new ListSink();
        var s = b.subscribe(sink, List.of("latest"));
        Thread writer = serve(b, s);
        for (int i = 0; i < 5; i++) {
            b.publish("e" + i);
            Thread.sleep(20);
        }
        b.awaitDelivered(2000);
        assertThat(sink.frames).containsExactly("data: latest\n\n", "data: e0\n\n", "data: e1\n\n", "data: e2\n\n",
                "data: e3\n\n", "data: e4\n\n");
        assertThat(s.dropped()).isFalse();
        writer.interrupt();
    }

    @Test
    void aFailedWriteDropsTheSubscriberAndFullSetsRefuseNewOnes() throws Exception {
        Broadcaster<String> b = new Broadcaster<>(1, 8, 60_000);
        var s = b.subscribe(new Broadcaster.Sink() {
            @Override
            public void send(byte[] frame) throws IOException { throw new IOException("Broken pipe"); }

            @Override
            public void close() { }
        }, List.of());
        assertThat(b.subscribe(new ListSink(), List.of())).as("one at most").isNull();
        b.publish("x");
        b.serve(s, SseFrame::message);
        assertThat(s.dropped()).isTrue();
        assertThat(b.subscriberCount()).isZero();
        assertThat(b.subscribe(new ListSink(), List.of())).isNotNull();
    }
}
