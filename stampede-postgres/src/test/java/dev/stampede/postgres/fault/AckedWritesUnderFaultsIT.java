package dev.stampede.postgres.fault;

import dev.stampede.core.engine.LoadModel;
import dev.stampede.core.engine.PhasePlan;
import dev.stampede.core.engine.ScenarioRun;
import dev.stampede.core.fault.Fault;
import dev.stampede.core.fault.FaultProxy;
import dev.stampede.core.fault.WriteLedger;
import dev.stampede.core.metrics.OperationSummary;
import dev.stampede.postgres.DatabaseConfig;
import dev.stampede.postgres.DatabaseUrl;
import dev.stampede.postgres.ItSupport;
import dev.stampede.postgres.OwnSchema;
import dev.stampede.postgres.PgTarget;
import dev.stampede.postgres.workload.AckedWritesWorkload;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 11's check: 1,000 injected resets (100) and blackholes (900, eight of them longer than the driver's read
 * timeout) over a write workload through the fault proxy, against the
 * PostgreSQL service. No acknowledged write may be missing afterwards, and every write the client could not be sure
 * of is found present or absent. The ledger's counts are set beside the engine's recorded outcomes and the table's
 * own row count: three independent tallies.
 */
class AckedWritesUnderFaultsIT {
    private static final String SCHEMA = "stampede_it_acked";

    @Test
    void noAcknowledgedWriteIsLostAndEveryUnknownIsAccountedFor() throws Exception {
        PgTarget direct = ItSupport.target(SCHEMA);
        ItSupport.dropSchema(direct, SCHEMA);
        OwnSchema own = new OwnSchema(SCHEMA);
        try (Connection c = direct.open("it")) {
            AckedWritesWorkload.setup(c, own);
        }
        try (FaultProxy proxy = FaultProxy.start("database", new InetSocketAddress("127.0.0.1", 5432))) {
            DatabaseUrl viaProxy = DatabaseUrl.parse("postgresql://postgres@127.0.0.1:" + proxy.address().getPort() + "/test", "test");
            // reads time out after 1 s: a long blackhole breaks connections mid-write, leaving those writes unknown
            DatabaseConfig cfg = new DatabaseConfig(null, null, 0, Duration.ofMinutes(30), Duration.ofSeconds(1), Duration.ofSeconds(5),
                    SCHEMA, Duration.ofSeconds(1), false, false);
            PgTarget t = PgTarget.connect(viaProxy, cfg);
            AtomicInteger injected = new AtomicInteger();
            try (PgTarget.Pool pool = t.pool(8)) {
                AckedWritesWorkload w = new AckedWritesWorkload(pool.dataSource(), own);
                Thread faults = Thread.ofPlatform().name("it-faults").start(() -> {
                    SplittableRandom r = new SplittableRandom(11);
                    try {
                        Thread.sleep(500);
                        for (int i = 0; i < 1000; i++) {
                            // a reset kills every pooled connection and the pool refills one by one: one in ten is a reset
                            Fault f = i % 10 == 0 ? new Fault.Reset() : new Fault.Blackhole();
                            proxy.add(f);
                            injected.incrementAndGet();
                            Thread.sleep(f instanceof Fault.Reset ? 1 : i % 125 == 1 ? 1100 : 2 + r.nextInt(20));
                            proxy.remove(f);
                            Thread.sleep(2 + r.nextInt(8));
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                });
                ScenarioRun run = ItSupport.run(pool, w, new PhasePlan("load", new LoadModel.Closed(8, Duration.ZERO, Duration.ZERO),
                        Duration.ofSeconds(30), 0, true));
                faults.join(Duration.ofSeconds(30).toMillis());
                assertEquals(1000, injected.get(), "every fault was injected while the load ran");

                WriteLedger.Check check;
                long rows;
                try (Connection c = direct.open("it")) {
                    check = w.check(c);
                    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*) FROM " + SCHEMA + ".stampede_acked")) {
                        rs.next();
                        rows = rs.getLong(1);
                    }
                }
                WriteLedger ledger = w.ledger();
                OperationSummary op = run.metrics().operations().get(0);
                assertEquals(0, check.lost(), "lost acknowledged writes, e.g. " + check.lostSample());
                assertTrue(check.accountsForEveryKey(), check.pending() + " writes without an outcome");
                assertEquals(0, check.unexpected());
                assertEquals(op.ok(), ledger.acknowledgedCount(), "the engine's ok count and the workload's");
                assertEquals(op.unknown(), ledger.unknownCount(), "the engine's unknown count and the workload's");
                assertEquals(op.failed(), ledger.failedCount(), "the engine's failed count and the workload's");
                assertEquals(check.keys(), op.attempts(), "one key per attempt");
                assertEquals(rows, check.acknowledged() + check.unknownPresent() + check.failedPresent(), "the server's row count");
                assertEquals(ledger.unknownCount(), check.unknownPresent() + check.unknownAbsent(), "each unknown is present or absent");
                assertTrue(ledger.unknownCount() > 0, "the faults left some writes unknown: " + check + " " + op);
                assertTrue(check.acknowledged() > 100, "the load went on around the faults: " + check);
                assertTrue(proxy.stats().resets() > 0);
            }
        } finally {
            ItSupport.dropSchema(direct, SCHEMA);
        }
    }
}
