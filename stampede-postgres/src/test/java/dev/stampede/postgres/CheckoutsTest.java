package dev.stampede.postgres;

import dev.stampede.core.engine.NanoClock;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/** Checkout counting on an injected clock: each long checkout counted once, by its return or by a sweep. */
class CheckoutsTest {
    static final long MS = 1_000_000L;
    final AtomicLong now = new AtomicLong(0);
    final NanoClock clock = new NanoClock() {
        @Override public long nanoTime() { return now.get(); }
        @Override public long currentTimeMillis() { return now.get() / MS; }
        @Override public void sleepUntil(long deadline) { now.set(Math.max(now.get(), deadline)); }
    };
    final Checkouts c = new Checkouts(clock, 200 * MS);

    /** Only what the tracker asks of a borrowed connection: whether it was closed. */
    private static Connection connection(AtomicBoolean closed) {
        return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[]{Connection.class},
                (p, m, a) -> switch (m.getName()) {
                    case "isClosed" -> closed.get();
                    case "hashCode" -> System.identityHashCode(p);
                    case "equals" -> p == a[0];
                    default -> null;
                });
    }

    @Test
    void shortCheckoutsAreNotLong() {
        for (int i = 0; i < 5; i++) {
            c.begin("quick");
            now.addAndGet(10 * MS);
            c.end();
        }
        assertThat(c.total()).isEqualTo(5);
        assertThat(c.longByOperation()).isEmpty();
        assertThat(c.sweep().out()).isZero();
        assertThat(c.stillOut()).isEmpty();
    }

    @Test
    void aLongCheckoutSeenBySweepsAndThenReturnedIsCountedOnce() {
        c.begin("slow");
        now.addAndGet(300 * MS);
        Checkouts.Sweep s1 = c.sweep();
        assertThat(s1.out()).isEqualTo(1);
        assertThat(s1.overThreshold()).isEqualTo(1);
        assertThat(s1.longestSeconds()).isEqualTo(0.3);
        now.addAndGet(300 * MS);
        c.sweep();
        c.end();
        assertThat(c.sweep().longCheckouts()).isEqualTo(1);
        assertThat(c.longByOperation().get("slow").count()).isEqualTo(1);
        assertThat(c.longByOperation().get("slow").longestSeconds()).isEqualTo(0.6);
        // the next checkout on the same thread is a new one
        c.begin("slow");
        now.addAndGet(250 * MS);
        c.end();
        assertThat(c.longByOperation().get("slow").count()).isEqualTo(2);
    }

    @Test
    void aBorrowNeverClosedIsStillOutAndOneClosedIsDropped() {
        AtomicBoolean closedA = new AtomicBoolean(), closedB = new AtomicBoolean();
        c.track(connection(closedA), "leaky");
        c.track(connection(closedB), "tidy");
        now.addAndGet(50 * MS);
        closedB.set(true);
        now.addAndGet(450 * MS);
        assertThat(c.stillOut()).singleElement().satisfies(o -> {
            assertThat(o.operation()).isEqualTo("leaky");
            assertThat(o.kind()).isEqualTo("borrowed");
            assertThat(o.heldSeconds()).isEqualTo(0.5);
        });
        c.sweep();
        assertThat(c.longByOperation()).containsOnlyKeys("leaky");
        assertThat(c.longByOperation().get("leaky").count()).isEqualTo(1);
    }
}
