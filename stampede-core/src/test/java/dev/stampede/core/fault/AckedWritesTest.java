package dev.stampede.core.fault;

import dev.stampede.core.verdict.MetricVerdict;
import dev.stampede.core.verdict.Status;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class AckedWritesTest {

    @Test
    void aLostAcknowledgedWriteFailsAndNamesTheKeyAndTheStore() {
        WriteLedger l = new WriteLedger();
        long a = l.nextKey(), b = l.nextKey(), c = l.nextKey();
        l.acknowledged(a);
        l.acknowledged(b);
        l.unknown(c);
        List<MetricVerdict> v = AckedWrites.verdicts(l.check(sink -> sink.accept(a)), "redis, the primary at the end");
        assertThat(v).hasSize(1);
        assertThat(v.getFirst().metric()).isEqualTo(AckedWrites.LOST);
        assertThat(v.getFirst().value()).isEqualTo(1);
        assertThat(v.getFirst().status()).isEqualTo(Status.FAILED);
        assertThat(v.getFirst().reason()).contains("missing from redis, the primary at the end").contains("[" + b + "]");
    }

    @Test
    void aKeyWithoutOutcomeIsAWarningBesideAPassedHeadline() {
        WriteLedger l = new WriteLedger();
        long a = l.nextKey();
        l.nextKey();
        l.acknowledged(a);
        List<MetricVerdict> v = AckedWrites.verdicts(l.check(sink -> sink.accept(a)), "the table");
        assertThat(v).extracting(MetricVerdict::status).containsExactly(Status.PASSED, Status.WARNING);
        assertThat(v.getFirst().reason()).isEqualTo("all 1 acknowledged writes are in the table");
    }
}
