package dev.stampede.celery.broker;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentNavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * An AMQP 0-9-1 broker (RabbitMQ) through com.rabbitmq:amqp-client: {@code basic.publish} to the default exchange
 * with the queue as routing key, the protocol-2 headers as application headers and the raw JSON body, and publisher
 * confirms, so a task counts as submitted only once the broker has it. A few channels, each with its own confirm
 * listener keyed by publish sequence number; a publish holds its channel's lock only while it writes. The queue's
 * depth and consumer count come from a passive {@code queue.declare} on a separate channel. Thread-safe.
 */
public final class AmqpBroker implements Broker {
    private final Connection connection;
    private final List<Lane> lanes;
    private final AtomicInteger next = new AtomicInteger();
    private Channel control;

    /** One channel in confirm mode and the callbacks of its unconfirmed publishes. */
    private static final class Lane {
        final Channel channel;
        final ConcurrentNavigableMap<Long, Callbacks> pending = new ConcurrentSkipListMap<>();

        Lane(Channel channel) throws IOException {
            this.channel = channel;
            channel.confirmSelect();
            channel.addConfirmListener((tag, multiple) -> settle(tag, multiple, null),
                    (tag, multiple) -> settle(tag, multiple, new IOException("the broker refused the message (basic.nack)")));
            channel.addShutdownListener(cause -> {
                for (Callbacks c : pending.values()) c.failed.accept(cause);
                pending.clear();
            });
        }

        void settle(long tag, boolean multiple, Throwable error) {
            Map<Long, Callbacks> done = multiple ? pending.headMap(tag, true) : pending.containsKey(tag)
                    ? Map.of(tag, pending.get(tag)) : Map.of();
            for (Map.Entry<Long, Callbacks> e : new LinkedHashMap<>(done).entrySet()) {
                if (pending.remove(e.getKey()) == null) continue;
                if (error == null) e.getValue().acked.run();
                else e.getValue().failed.accept(error);
            }
        }
    }

    private record Callbacks(Runnable acked, Consumer<Throwable> failed) {
    }

    public AmqpBroker(ConnectionFactory factory, int channels) throws Exception {
        this.connection = factory.newConnection("stampede");
        try {
            Lane[] l = new Lane[Math.max(1, channels)];
            for (int i = 0; i < l.length; i++) l[i] = new Lane(connection.createChannel());
            this.lanes = List.of(l);
            this.control = connection.createChannel();
        } catch (Exception e) {
            connection.abort();
            throw e;
        }
    }

    @Override public String kind() { return "amqp"; }

    @Override
    public void publish(String queue, TaskMessage message, Runnable acked, Consumer<Throwable> failed) {
        Lane lane = lanes.get(Math.floorMod(next.getAndIncrement(), lanes.size()));
        AMQP.BasicProperties props = new AMQP.BasicProperties.Builder().contentType("application/json").contentEncoding("utf-8")
                .headers(message.headers()).deliveryMode(2).priority(message.priority()).correlationId(message.id()).replyTo("").build();
        try {
            synchronized (lane) {
                long seq = lane.channel.getNextPublishSeqNo();
                lane.pending.put(seq, new Callbacks(acked, failed));
                try {
                    lane.channel.basicPublish("", queue, props, message.body());
                } catch (IOException | RuntimeException e) {
                    if (lane.pending.remove(seq) != null) failed.accept(e);
                }
            }
        } catch (RuntimeException e) {
            failed.accept(e);
        }
    }

    @Override
    public synchronized QueueDepth depth(String queue) throws IOException {
        AMQP.Queue.DeclareOk ok = passive(queue);
        return ok == null ? new QueueDepth(0, -1, 0) : new QueueDepth(ok.getMessageCount(), -1, ok.getConsumerCount());
    }

    /** A passive declare; null when the queue does not exist (the 404 closes the channel: a new one replaces it). */
    private AMQP.Queue.DeclareOk passive(String queue) throws IOException {
        if (!control.isOpen()) control = connection.createChannel();
        try {
            return control.queueDeclarePassive(queue);
        } catch (IOException e) {
            if (e.getCause() instanceof com.rabbitmq.client.ShutdownSignalException s && String.valueOf(s.getReason()).contains("404")) {
                control = connection.createChannel();
                return null;
            }
            throw e;
        }
    }

    @Override
    public synchronized boolean absent(String queue) throws IOException {
        return passive(queue) == null;
    }

    /** Declares Stampede's own queue (durable, no arguments) for a scenario that publishes without a consumer. */
    public synchronized void declareOwnQueue(String queue) throws IOException {
        if (!control.isOpen()) control = connection.createChannel();
        control.queueDeclare(queue, true, false, false, null);
    }

    @Override
    public synchronized void deleteOwnQueue(String queue) throws IOException {
        if (!control.isOpen()) control = connection.createChannel();
        control.queueDelete(queue);
    }

    @Override
    public void close() {
        try {
            connection.close(2000);
        } catch (IOException | RuntimeException e) {
            connection.abort(1000);
        }
    }
}
