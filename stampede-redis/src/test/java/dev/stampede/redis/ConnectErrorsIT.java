package dev.stampede.redis;

import dev.stampede.core.api.TargetUnreachableException;
import dev.stampede.core.config.ConfigException;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import redis.embedded.RedisServer;
import redis.embedded.core.ExecutableProvider;

import java.net.ServerSocket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Bad input against real servers: the shared embedded Redis (an ACL user of our own for the wrong password, a
 * database index it does not have, rediss:// against its plain port), a port nothing listens on, and a real replica
 * of the embedded server for READONLY. Each is the documented exception (ConfigException: exit 2,
 * TargetUnreachableException: exit 3) with a one-line message that never carries the password.
 */
@ExtendWith(SharedRedis.class)
class ConnectErrorsIT {
    private static RedisClient admin;
    private static StatefulRedisConnection<String, String> adminConn;

    @BeforeAll
    static void aclUser() {
        admin = RedisClient.create(SharedRedis.server().url());
        adminConn = admin.connect();
        adminConn.sync().aclSetuser("stampede-it", io.lettuce.core.AclSetuserArgs.Builder.on().addPassword("right-pw-1").allKeys().allCommands());
    }

    @AfterAll
    static void dropUser() {
        adminConn.sync().aclDeluser("stampede-it");
        adminConn.close();
        admin.shutdown();
    }

    private static RedisConfig config(String url) {
        return Settings.bind("url", url, "timeout", "3s");
    }

    @Test
    void theRightAclUserConnects() throws Exception {
        Sessions s = new Sessions();
        try (RedisTarget t = RedisTarget.open(config("redis://stampede-it:right-pw-1@127.0.0.1:" + SharedRedis.server().port() + "/1"), s.context)) {
            assertThat(t.serverLine()).startsWith("Redis ");
            assertThat(s.console.toString()).contains("redis://stampede-it:****@127.0.0.1").doesNotContain("right-pw-1");
        }
    }

    @Test
    void wrongPasswordIsBadConfigWithoutThePassword() {
        String url = "redis://stampede-it:wrong-pw-77@127.0.0.1:" + SharedRedis.server().port() + "/1";
        assertThatThrownBy(() -> RedisTarget.open(config(url), new Sessions().context))
                .isInstanceOf(ConfigException.class).hasMessageContaining("WRONGPASS").hasMessageContaining("REDIS_URL")
                .hasMessageNotContaining("wrong-pw-77");
    }

    @Test
    void databaseIndexOutOfRange() {
        String url = "redis://127.0.0.1:" + SharedRedis.server().port() + "/99999";
        assertThatThrownBy(() -> RedisTarget.open(config(url), new Sessions().context))
                .isInstanceOf(ConfigException.class).hasMessageContaining("no database 99999").hasMessageContaining("out of range");
    }

    @Test
    void tlsAgainstAPlainPort() {
        String url = "rediss://127.0.0.1:" + SharedRedis.server().port() + "/1";
        assertThatThrownBy(() -> RedisTarget.open(config(url), new Sessions().context))
                .isInstanceOf(ConfigException.class).hasMessageContaining("TLS").hasMessageContaining("redis://");
    }

    @Test
    void closedPortIsUnreachable() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        String url = "redis://:pw-closed-9@127.0.0.1:" + port + "/1";
        assertThatThrownBy(() -> RedisTarget.open(config(url), new Sessions().context))
                .isInstanceOf(TargetUnreachableException.class).hasMessageContaining("cannot reach Redis at redis://:****@127.0.0.1:" + port)
                .hasMessageNotContaining("pw-closed-9");
    }

    @Test
    void aReplicaIsRefusedAsReadOnly() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        var b = RedisServer.newRedisServer().port(port).bind("127.0.0.1").setting("save \"\"").setting("appendonly no")
                .slaveOf("127.0.0.1", SharedRedis.server().port());
        if (EmbeddedRedis.pathVersion() != null) b.executableProvider(ExecutableProvider.newExecutableInPath("redis-server"));
        RedisServer replica = b.build();
        replica.start();
        try {
            assertThatThrownBy(() -> RedisTarget.open(config("redis://127.0.0.1:" + port + "/1"), new Sessions().context))
                    .isInstanceOf(ConfigException.class).hasMessageContaining("read-only replica").hasMessageContaining("master");
        } finally {
            replica.stop();
        }
    }

    @Test
    void aServerThatRequiresAPasswordGivenNoneIsNoauth() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        var b = RedisServer.newRedisServer().port(port).bind("127.0.0.1").setting("save \"\"").setting("appendonly no")
                .setting("requirepass noauth-pw-7");
        if (EmbeddedRedis.pathVersion() != null) b.executableProvider(ExecutableProvider.newExecutableInPath("redis-server"));
        RedisServer locked = b.build();
        locked.start();
        try {
            assertThatThrownBy(() -> RedisTarget.open(config("redis://127.0.0.1:" + port + "/0"), new Sessions().context))
                    .isInstanceOf(ConfigException.class).hasMessageContaining("NOAUTH").hasMessageContaining("REDIS_URL")
                    .hasMessageNotContaining("noauth-pw-7");
        } finally {
            locked.stop();
        }
    }
}
