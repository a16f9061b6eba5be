package dev.stampede.http;

import dev.stampede.core.engine.Engine;
import dev.stampede.core.engine.LoadModel;
import dev.stampede.core.engine.NanoClock;
import dev.stampede.core.engine.PhasePlan;
import dev.stampede.core.engine.ProgressListener;
import dev.stampede.core.engine.RunControl;
import dev.stampede.core.engine.ScenarioPlan;
import dev.stampede.core.engine.ScenarioRun;
import dev.stampede.http.client.ClientSettings;
import dev.stampede.http.client.Failure;
import dev.stampede.http.client.HttpClient;
import dev.stampede.http.client.Origin;
import dev.stampede.http.client.PreparedRequest;
import dev.stampede.http.client.Reply;
import dev.stampede.http.client.ReplyListener;
import dev.stampede.http.client.Transport;
import dev.stampede.http.client.UploadBody;
import dev.stampede.http.demo.DemoBackend;
import dev.stampede.http.demo.DemoServer;
import dev.stampede.http.persona.Persona;
import dev.stampede.http.persona.PersonaParser;
import dev.stampede.http.persona.PersonaWorkload;
import dev.stampede.http.report.HttpReport;
import dev.stampede.http.report.HttpSection;
import dev.stampede.http.report.HttpStats;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufAllocatorMetricProvider;
import io.netty.handler.codec.http.HttpMethod;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Multipart uploads through the engine and the client against the reference server, whose upload endpoints count
 * what arrives on their own (body bytes, file parts and their content bytes): the server's count must equal what
 * the personas sent, and a 200 MB generated upload must not cost its size in heap.
 */
class UploadIT {
    static DemoServer server;
    static Transport transport;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() throws Exception {
        server = DemoServer.start(new DemoBackend(null, "unused", null, "stampede:"), 0, 2, 0, NanoClock.SYSTEM);
        transport = Transport.create(2, "test-upload-io");
    }

    @AfterAll
    static void stop() {
        if (server != null) server.close();
        if (transport != null) transport.close();
    }

    static ClientSettings settings() {
        ClientSettings d = ClientSettings.defaults();
        return new ClientSettings(Duration.ofSeconds(5), Duration.ofSeconds(30), Duration.ofSeconds(60), 0, false, d.maxBodyBytes(),
                ClientSettings.Policy.PER_USER, 4);
    }

    private record Run(ScenarioRun run, HttpReport report) {
    }

    /** {@code perUser} uploads by each of {@code users} users (the engine's iterations count per user). */
    private Run run(String upload, int users, long perUser) throws Exception {
        return run(upload, users, perUser, "{\"$.files\": \"1\"}");
    }

    private Run run(String upload, int users, long perUser, String jsonCheck) throws Exception {
        Path f = dir.resolve("p.yaml");
        Files.writeString(f, """
                personas:
                  - name: uploader
                    tasks:
                      - name: upload
                        request: {method: POST, path: /api/files, upload: %s}
                        check: {status: 200, json: %s}
                """.formatted(upload, jsonCheck));
        List<Persona> personas = PersonaParser.file(f);
        try (HttpClient c = new HttpClient(Origin.parse(server.baseUrl(), "test"), settings(), transport, false)) {
            HttpStats stats = new HttpStats();
            PersonaWorkload w = new PersonaWorkload("http", personas, c, stats, NanoClock.SYSTEM);
            Engine engine = new Engine(NanoClock.SYSTEM, Engine.Settings.defaults(7));
            stats.recording(true);
            try {
                ScenarioRun r = engine.runScenario(new ScenarioPlan("t", "test", List.of(new PhasePlan("steady",
                                new LoadModel.Closed(users, Duration.ZERO, Duration.ZERO), null, perUser, true)), null),
                        w, List.of(), new RunControl(), ProgressListener.NONE);
                List<HttpReport.Endpoint> eps = stats.endpoints(r.measuredSeconds());
                return new Run(r, new HttpReport(server.baseUrl(), "test", transport.kind(), "per-user", c.connectionsOpened(), 0, 0, 0, 0, 0,
                        List.of("uploader"), eps, HttpReport.total(eps), stats.protocols()));
            } finally {
                w.dropUsers();
            }
        }
    }

    @Test
    void tenConcurrentGeneratedUploadsArriveByteForByte() throws Exception {
        long size = 3 * 1024 * 1024 + 17;
        long n = 20;
        long bytesBefore = server.uploadFileBytes().sum(), filesBefore = server.uploadFiles().sum();
        Run r = run("{size: " + size + "}", 10, 2);
        assertThat(r.run().metrics().all().attempts()).isEqualTo(n);
        assertThat(r.run().metrics().all().ok()).as(r.run().metrics().all().toString()).isEqualTo(n);
        // the server's own count, not the client's
        assertThat(server.uploadFiles().sum() - filesBefore).isEqualTo(n);
        assertThat(server.uploadFileBytes().sum() - bytesBefore).isEqualTo(n * size);
        HttpReport.Upload u = r.report().upload();
        assertThat(u.uploads()).isEqualTo(n);
        assertThat(u.bytes()).isEqualTo(n * size);
        assertThat(u.mbPerSec()).isGreaterThan(0);
        assertThat(u.mbPerSecEach()).isGreaterThan(0);
        System.out.printf("%d uploads of %d bytes: %.1f MB/s (all users), %.1f MB/s per upload%n", n, size, u.mbPerSec(), u.mbPerSecEach());
        StringBuilder md = new StringBuilder();
        new HttpSection().markdown(r.report(), md);
        assertThat(md).contains("HTTP: uploads").contains("MB/s").contains(String.format(java.util.Locale.ROOT, "%.1f", n * size / 1e6));
    }

    @Test
    void formFieldsGoBesideTheFileRenderedPerUser() throws Exception {
        long filesBefore = server.uploadFiles().sum();
        Run r = run("{size: 5000, fields: {patient_id: \"p-${vu}\", note: hello}}", 3, 2,
                "{\"$.files\": \"1\", \"$.file_bytes\": \"5000\", \"$.fields.note\": \"hello\", \"$.fields.patient_id\": null}");
        // the server echoes the text parts it parsed: every upload had both fields and the one file
        assertThat(r.run().metrics().all().ok()).as(r.run().metrics().all().toString()).isEqualTo(6);
        assertThat(server.uploadFiles().sum() - filesBefore).isEqualTo(6);
        // and the value is the user's own: user 1's uploads say p-1
        Run one = run("{size: 10, fields: {patient_id: \"p-${vu}\"}}", 1, 1, "{\"$.fields.patient_id\": \"p-1\"}");
        assertThat(one.run().metrics().all().ok()).as(one.run().metrics().all().toString()).isEqualTo(1);
    }

    @Test
    void aFileIsStreamedFromDisk() throws Exception {
        byte[] data = new byte[1024 * 1024 + 3];
        new Random(5).nextBytes(data);
        Files.write(dir.resolve("data.bin"), data);
        long bytesBefore = server.uploadFileBytes().sum();
        Run r = run("{file: data.bin}", 3, 2);
        assertThat(r.run().metrics().all().ok()).isEqualTo(6);
        assertThat(server.uploadFileBytes().sum() - bytesBefore).isEqualTo(6L * data.length);
    }

    @Test
    void aTwoHundredMegabyteGeneratedUploadDoesNotCostItsSizeInHeap() throws Exception {
        long size = 200L * 1000 * 1000;
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long bytesBefore = server.uploadFileBytes().sum();
        System.gc();
        long heapBefore = usedHeap();
        AtomicLong heapPeak = new AtomicLong(heapBefore), directPeak = new AtomicLong();
        Thread sampler = Thread.ofPlatform().daemon().start(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                heapPeak.accumulateAndGet(usedHeap(), Math::max);
                directPeak.accumulateAndGet(directInUse(), Math::max);
                try {
                    Thread.sleep(5);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        long allocatedBefore = threads.getTotalThreadAllocatedBytes();
        CompletableFuture<Object> done = new CompletableFuture<>();
        try (HttpClient c = new HttpClient(Origin.parse(server.baseUrl(), "test"), settings(), transport, false)) {
            PreparedRequest req = new PreparedRequest(HttpMethod.POST, "/api/files", null, null,
                    UploadBody.generated("file", "big.bin", "application/octet-stream", size));
            c.send(c.lane(), req, new ReplyListener() {
                @Override public void reply(Reply reply) { done.complete(reply); }

                @Override public void failed(Failure failure, String message, boolean sent, long in, long out) { done.complete(failure + ": " + message); }
            });
            Object result = done.get(120, TimeUnit.SECONDS);
            assertThat(result).isInstanceOf(Reply.class);
            assertThat(((Reply) result).status()).as(((Reply) result).bodyText()).isEqualTo(200);
            assertThat(((Reply) result).bytesOut()).isGreaterThan(size);
        } finally {
            sampler.interrupt();
            sampler.join();
        }
        long allocated = threads.getTotalThreadAllocatedBytes() - allocatedBefore;
        System.out.printf("200 MB upload: heap allocated %.1f MB (all threads), heap growth at most %.1f MB, direct memory of the default allocator at most %.1f MB%n",
                allocated / 1e6, (heapPeak.get() - heapBefore) / 1e6, directPeak.get() / 1e6);
        assertThat(server.uploadFileBytes().sum() - bytesBefore).isEqualTo(size);
        // holding the body whole anywhere on the heap would allocate at least its size; streaming allocates little
        assertThat(allocated).as("heap allocated during the upload, all threads").isLessThan(size / 4);
        assertThat(heapPeak.get() - heapBefore).as("heap growth during the upload").isLessThan(size / 2);
        assertThat(directPeak.get()).as("Netty's default allocator: direct memory in use at most").isLessThan(size / 4);
    }

    /** Direct memory held by Netty's default allocator (adaptive in 4.2), the one the client and server use. */
    private static long directInUse() {
        return ByteBufAllocator.DEFAULT instanceof ByteBufAllocatorMetricProvider p ? p.metric().usedDirectMemory() : 0;
    }

    private static long usedHeap() {
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
