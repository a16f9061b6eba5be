package dev.stampede.postgres;

import javax.sql.DataSource;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.logging.Logger;

/**
 * The pool as the workloads see it: HikariCP's data source, with each borrowed connection brought up to the
 * {@link SessionSettings} in force (a server fault's temporary statement_timeout). Unwraps to the HikariCP data
 * source. Thread-safe as HikariCP's.
 */
final class SessionDataSource implements DataSource {
    private final DataSource pool;
    private final SessionSettings settings;

    SessionDataSource(DataSource pool, SessionSettings settings) {
        this.pool = pool;
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

    @Override public PrintWriter getLogWriter() throws SQLException { return pool.getLogWriter(); }

    @Override public void setLogWriter(PrintWriter out) throws SQLException { pool.setLogWriter(out); }

    @Override public void setLoginTimeout(int seconds) throws SQLException { pool.setLoginTimeout(seconds); }

    @Override public int getLoginTimeout() throws SQLException { return pool.getLoginTimeout(); }

    @Override public Logger getParentLogger() throws SQLFeatureNotSupportedException { return pool.getParentLogger(); }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        return iface.isInstance(this) ? iface.cast(this) : pool.unwrap(iface);
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) throws SQLException {
        return iface.isInstance(this) || pool.isWrapperFor(iface);
    }
}
