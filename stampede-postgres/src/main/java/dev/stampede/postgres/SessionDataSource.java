package dev.stampede.postgres;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;

/**
 * The pool as the workloads see it: HikariCP's data source, with each borrowed connection brought up to the
 * {@link SessionSettings} in force (a server fault's temporary statement_timeout). Unwraps to the HikariCP data
 * source. Thread-safe as HikariCP's.
 */
final class SessionDataSource extends ForwardingDataSource {
    private final SessionSettings settings;

    SessionDataSource(DataSource pool, SessionSettings settings) {
        super(pool);
        this.settings = settings;
    }

    @Override
    public Connection getConnection() throws SQLException {
        Connection c = pool.getConnection();
        try {
            return settings.apply(c);
        } catch (SQLException e) {
            c.close();
            throw e;
        }
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        throw new SQLFeatureNotSupportedException("the pool's connections all use the configured user");
    }

}
