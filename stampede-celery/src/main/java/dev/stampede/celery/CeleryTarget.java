package dev.stampede.celery;

import com.rabbitmq.client.ConnectionFactory;
import dev.stampede.celery.broker.AmqpBroker;
import dev.stampede.celery.broker.Broker;
import dev.stampede.celery.broker.RedisBroker;
import dev.stampede.core.api.TargetUnreachableException;
import dev.stampede.core.config.ConfigException;
import dev.stampede.core.target.ScenarioScope;
import dev.stampede.core.target.ScenarioUse;
import dev.stampede.core.target.SessionContext;
import dev.stampede.core.target.Target;
import dev.stampede.core.util.Secrets;
import dev.stampede.redis.EmbeddedRedis;
import dev.stampede.redis.RedisConnector;
import dev.stampede.redis.RedisErrors;
import dev.stampede.redis.RedisUrl;
import io.lettuce.core.api.StatefulConnection;

import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Celery opened for one run: the broker (the user's, or an embedded Redis as broker and backend), the result backend's
 * Redis, and, for the embedded default or {@code worker: local}, a local worker for the probe tasks. Checked before
 * any load: the broker answers and accepts the credentials, the backend answers. Session thread only.
 */
final class CeleryTarget implements Target {
    private final CeleryConfig config;
    private final SessionContext context;
    private final EmbeddedRedis embedded;
    private final BrokerUrl broker;
    private final RedisUrl backend;
    private final Broker publisher;
    private final RedisConnector backendConnector;
    private final StatefulConnection<String, String> backendControl;
    private final LocalWorker worker;
    private final Map<String, Object> description = new LinkedHashMap<>();

    private CeleryTarget(CeleryConfig config, SessionContext context, EmbeddedRedis embedded, BrokerUrl broker, RedisUrl backend,
                         Broker publisher, RedisConnector backendConnector, StatefulConnection<String, String> backendControl,
                         LocalWorker worker) {
        this.config = config;
        this.context = context;
        this.embedded = embedded;
        this.broker = broker;
        this.backend = backend;
        this.publisher = publisher;
        this.backendConnector = backendConnector;
        this.backendControl = backendControl;
        this.worker = worker;
        description.put("celery_broker", embedded != null ? "embedded Redis on 127.0.0.1:" + embedded.port() + " (temporary)" : broker.redacted());
        description.put("celery_result_backend", backend == null ? "none" : backend.redacted());
        description.put("celery_queue", config.queue());
        if (worker != null) description.put("celery_worker", workerLine());
    }

    static CeleryTarget open(CeleryConfig config, SessionContext ctx) throws TargetUnreachableException {
        EmbeddedRedis embedded = null;
        Broker publisher = null;
        RedisConnector backendConnector = null;
        StatefulConnection<String, String> control = null;
        LocalWorker worker = null;
        try {
            String brokerRaw = config.brokerUrl(), backendRaw = config.resultBackend();
            if (brokerRaw == null) {
                if (config.startsWorker()) {
                    String missing = LocalWorker.missing();
                    if (missing != null) {
                        throw new ConfigException("no CELERY_BROKER_URL set, and the local Celery worker Stampede would start for its probe "
                                + "tasks cannot run: " + missing + ". Install Debian's Celery (" + LocalWorker.INSTALL + "), or set "
                                + "CELERY_BROKER_URL to a broker with a running worker that loads stampede_probe (see docs/celery.md)");
                    }
                }
                try {
                    embedded = EmbeddedRedis.start();
                } catch (IOException | RuntimeException e) {
                    throw new TargetUnreachableException("the embedded Redis for Celery did not start: " + Secrets.redact(e.getMessage())
                            + "; set CELERY_BROKER_URL to use your own broker", e);
                }
                brokerRaw = embedded.url();
                backendRaw = embedded.url();
                ctx.out().println("No CELERY_BROKER_URL set: started an embedded Redis on 127.0.0.1:" + embedded.port()
                        + " as Celery broker and result backend (temporary, stopped after the run).");
            }
            BrokerUrl b = BrokerUrl.parse(brokerRaw, "CELERY_BROKER_URL", embedded != null ? "the embedded server" : "celery.broker_url");
            RedisUrl backend = null;
            if (backendRaw != null) {
                if (!backendRaw.trim().toLowerCase(java.util.Locale.ROOT).startsWith("redis")) {
                    throw new ConfigException("CELERY_RESULT_BACKEND '" + Secrets.redact(backendRaw) + "' is not a Redis URL: Stampede follows "
                            + "results on a Redis result backend (redis://host:6379/db); set it to the Redis your workers store results in, "
                            + "or set celery.await: publish to measure submission only");
                }
                try {
                    backend = RedisUrl.parse(backendRaw, "celery.result_backend");
                } catch (ConfigException e) {
                    throw new ConfigException(e.getMessage().replace("REDIS_URL", "CELERY_RESULT_BACKEND"));
                }
            } else if (b.isRedis()) {
                backend = b.redis();
            } else if (config.await() == CeleryConfig.Await.RESULT) {
                throw new ConfigException("CELERY_BROKER_URL is AMQP and no CELERY_RESULT_BACKEND is set: Stampede needs the Redis result "
                        + "backend your workers use to see tasks complete (CELERY_RESULT_BACKEND=redis://host:6379/0), or celery.await: publish");
            }
            publisher = connectBroker(publishThroughProxy(b, ctx), config);
            if (backend != null) {
                backendConnector = RedisConnector.create(backend, false, Duration.ofSeconds(10));
                try {
                    control = backendConnector.connect();
                    RedisConnector.sync(control).ping();
                } catch (RuntimeException e) {
                    throw rethrow(RedisErrors.atConnect(e, backend), "CELERY_RESULT_BACKEND");
                }
            }
            if (config.startsWorker()) {
                try {
                    worker = LocalWorker.start(brokerRaw, backendRaw != null ? backendRaw : brokerRaw, config.queue(),
                            config.workerConcurrency(), config.workerPrefetch(), config.globalKeyprefix(), 60);
                } catch (IOException e) {
                    throw new ConfigException("the local Celery worker could not start: " + Secrets.redact(e.getMessage()));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new ConfigException("interrupted while the local Celery worker started");
                }
                ctx.out().println("Started a local Celery worker (pid " + worker.pid() + ", " + config.workerConcurrency()
                        + " processes, queue '" + config.queue() + "') with Stampede's probe tasks; it is stopped after the run.");
            }
            ctx.out().println("Celery: broker " + b.redacted() + ", result backend " + (backend == null ? "none" : backend.redacted())
                    + "; Stampede publishes to queue '" + config.queue() + "' and never purges a queue it did not create");
            ctx.out().flush();
            return new CeleryTarget(config, ctx, embedded, b, backend, publisher, backendConnector, control, worker);
        } catch (RuntimeException | TargetUnreachableException e) {
            if (worker != null) worker.close();
            if (control != null) control.close();
            if (backendConnector != null) backendConnector.close();
            if (publisher != null) publisher.close();
            if (embedded != null) embedded.close();
            throw e;
        }
    }

    private static RuntimeException rethrow(Exception e, String variable) throws TargetUnreachableException {
        if (e instanceof TargetUnreachableException t) throw new TargetUnreachableException(t.getMessage().replace("REDIS_URL", variable), t.getCause());
        return new ConfigException(e.getMessage().replace("REDIS_URL", variable));
    }

    /**
     * The broker address the publisher uses: through the fault proxy when a scenario of the run faults this section and
     * the broker is Redis without TLS or Sentinel ({@link RedisUrl#routable()}; Lettuce reconnects after a reset). An AMQP broker is not routed: its client runs without
     * automatic recovery, so one reset would end publishing for the rest of the run; a network fault on it is refused
     * before the run. The worker and the result backend connect directly: the fault is between Stampede and the broker.
     */
    private static BrokerUrl publishThroughProxy(BrokerUrl b, SessionContext ctx) {
        if (!b.isRedis() || !b.redis().routable()) return b;
        io.lettuce.core.RedisURI u = b.redis().uri();
        dev.stampede.core.fault.FaultRoutes.Route route = ctx.routes().route(CeleryTargetProvider.SECTION, u.getHost(), u.getPort());
        if (!route.proxied()) return b;
        ctx.out().println("Fault proxy: Stampede's publishing connections to the Celery broker go through " + route.host() + ":"
                + route.port() + " (the worker, the result backend and monitoring connect directly)");
        RedisUrl moved = b.redis().withAddress(route.host(), route.port());
        return new BrokerUrl(moved, null, null, null, null, b.redacted());
    }

    private static Broker connectBroker(BrokerUrl b, CeleryConfig config) throws TargetUnreachableException {
        if (b.isRedis()) {
            RedisConnector c = RedisConnector.create(b.redis(), false, Duration.ofSeconds(10));
            try {
                return new RedisBrokerOwning(c, config.connections(), config.globalKeyprefix());
            } catch (RuntimeException e) {
                c.close();
                throw rethrow(RedisErrors.atConnect(e, b.redis()), "CELERY_BROKER_URL");
            }
        }
        ConnectionFactory f = new ConnectionFactory();
        f.setHost(b.amqpUri().getHost());
        f.setPort(b.amqpUri().getPort());
        f.setUsername(b.user());
        f.setPassword(b.password());
        f.setVirtualHost(b.vhost());
        f.setConnectionTimeout(5000);
        f.setHandshakeTimeout(5000);
        f.setAutomaticRecoveryEnabled(false);
        try {
            if (b.amqpUri().getScheme().equals("amqps")) f.useSslProtocol();
            return new AmqpBroker(f, config.connections());
        } catch (com.rabbitmq.client.PossibleAuthenticationFailureException e) {
            throw new ConfigException("RabbitMQ at " + b.redacted() + " refused the credentials (ACCESS_REFUSED): the user name or password "
                    + "is wrong; fix the user:password part of CELERY_BROKER_URL");
        } catch (java.net.ConnectException | java.net.SocketTimeoutException | java.net.UnknownHostException | java.net.NoRouteToHostException e) {
            throw new TargetUnreachableException("cannot reach the AMQP broker at " + b.redacted() + ": " + Secrets.redact(e.getMessage())
                    + "; check that RabbitMQ is running and the host and port in CELERY_BROKER_URL", e);
        } catch (Exception e) {
            String m = Secrets.redact(String.valueOf(e.getMessage()));
            for (Throwable c = e.getCause(); c != null; c = c.getCause()) m += " | " + Secrets.redact(String.valueOf(c.getMessage()));
            if (m.contains("NOT_ALLOWED") || m.contains("vhost")) {
                throw new ConfigException("RabbitMQ at " + b.redacted() + " does not let user '" + b.user() + "' use virtual host '" + b.vhost()
                        + "' (" + m + "); create it (rabbitmqctl add_vhost) and grant permissions, or fix the path of CELERY_BROKER_URL");
            }
            throw new TargetUnreachableException("cannot use the AMQP broker at " + b.redacted() + ": " + m + "; check CELERY_BROKER_URL", e);
        }
    }

    /** A Redis broker that also closes its Lettuce client. */
    private static final class RedisBrokerOwning implements Broker {
        private final RedisConnector connector;
        private final RedisBroker broker;

        RedisBrokerOwning(RedisConnector connector, int connections, String prefix) {
            this.connector = connector;
            this.broker = new RedisBroker(connector, connections, prefix);
        }

        @Override public String kind() { return broker.kind(); }

        @Override
        public void publish(String queue, dev.stampede.celery.broker.TaskMessage message, Runnable acked,
                            java.util.function.Consumer<Throwable> failed) {
            broker.publish(queue, message, acked, failed);
        }

        @Override public dev.stampede.celery.broker.QueueDepth depth(String queue) { return broker.depth(queue); }

        @Override public boolean absent(String queue) { return broker.absent(queue); }

        @Override public void deleteOwnQueue(String queue) { broker.deleteOwnQueue(queue); }

        @Override
        public void close() {
            try {
                broker.close();
            } finally {
                connector.close();
            }
        }
    }

    String workerLine() {
        return worker == null ? null : "local worker pid " + worker.pid() + " (" + config.workerConcurrency() + " prefork processes, prefetch "
                + config.workerPrefetch() + ", Debian's python3 -m celery)";
    }

    @Override public String name() { return CeleryTargetProvider.NAME; }

    @Override public Map<String, Object> describe() { return description; }

    @Override
    public ScenarioScope begin(ScenarioUse use) throws Exception {
        return CeleryScenarioScope.begin(this, use);
    }

    CeleryConfig config() { return config; }

    SessionContext context() { return context; }

    BrokerUrl broker() { return broker; }

    Broker publisher() { return publisher; }

    RedisUrl backend() { return backend; }

    /** Synchronous commands on the result backend (cross-checks, removal of this run's result keys); null without one. */
    io.lettuce.core.cluster.api.sync.RedisClusterCommands<String, String> backendCommands() {
        return backendControl == null ? null : RedisConnector.sync(backendControl);
    }

    LocalWorker worker() { return worker; }

    /** How to start a worker for the no-consumer message. */
    String startHint() {
        return "celery -A yourapp worker -Q " + config.queue() + " (Stampede's probe tasks: PYTHONPATH=<dir with stampede_probe.py> ... "
                + "--include stampede_probe; see docs/celery.md)";
    }

    @Override
    public void close() {
        try {
            if (worker != null) worker.close();
        } finally {
            try {
                if (backendControl != null) backendControl.close();
                if (backendConnector != null) backendConnector.close();
                publisher.close();
            } finally {
                if (embedded != null) embedded.close();
            }
        }
    }
}
