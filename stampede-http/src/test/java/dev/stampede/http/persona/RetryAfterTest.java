package dev.stampede.http.persona;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Retry-After values read against a fixed wall clock: 2026-12-03 12:00:00 UTC. */
class RetryAfterTest {
    private static final long NOW = Instant.parse("2026-12-03T12:00:00Z").toEpochMilli();

    @Test
    void delaySecondsAndTheDecimalFormSomeServersSend() {
        assertThat(RetryAfter.delayMillis("120", NOW)).isEqualTo(120_000);
        assertThat(RetryAfter.delayMillis(" 0 ", NOW)).isZero();
        assertThat(RetryAfter.delayMillis("1.5", NOW)).isEqualTo(1500);
    }

    @Test
    void theThreeHttpDateFormsOfRfc9110AreReadAsUtcFromTheInjectedClock() {
        assertThat(RetryAfter.delayMillis("Thu, 03 Dec 2026 12:00:30 GMT", NOW)).isEqualTo(30_000);   // IMF-fixdate
        assertThat(RetryAfter.delayMillis("Thursday, 03-Dec-26 12:01:00 GMT", NOW)).isEqualTo(60_000);   // RFC 850
        assertThat(RetryAfter.delayMillis("Thu Dec  3 12:00:05 2026", NOW)).isEqualTo(5_000);   // asctime
        // a date already past asks for no wait
        assertThat(RetryAfter.delayMillis("Thu, 03 Dec 2026 11:59:00 GMT", NOW)).isZero();
        // the same header an hour later on the clock
        assertThat(RetryAfter.delayMillis("Thu, 03 Dec 2026 13:00:00 GMT", NOW - 3_600_000)).isEqualTo(7_200_000);
    }

    @Test
    void absentOrUnreadableValuesAskForNothing() {
        assertThat(RetryAfter.delayMillis(null, NOW)).isEqualTo(-1);
        assertThat(RetryAfter.delayMillis("", NOW)).isEqualTo(-1);
        assertThat(RetryAfter.delayMillis("-5", NOW)).isEqualTo(-1);
        assertThat(RetryAfter.delayMillis("soon", NOW)).isEqualTo(-1);
        assertThat(RetryAfter.delayMillis("10s", NOW)).isEqualTo(-1);
        assertThat(RetryAfter.delayMillis("2026-12-03T12:00:30Z", NOW)).isEqualTo(-1);
        assertThat(RetryAfter.delayMillis("Fri, 03 Dec 2026 12:00:30 GMT", NOW)).as("the wrong weekday").isEqualTo(-1);
    }

    @Test
    void thePolicyNeedsACapOfAtLeastAMillisecond() {
        assertThat(RetryAfter.IGNORE.honour()).isFalse();
        assertThat(RetryAfter.honour(Duration.ofSeconds(5)).maxNanos()).isEqualTo(5_000_000_000L);
        assertThat(RetryAfter.honour(Duration.ofSeconds(5)).toString()).isEqualTo("honour (at most 5s)");
        assertThatThrownBy(() -> RetryAfter.honour(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
    }
}
