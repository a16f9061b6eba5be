package dev.stampede.postgres;

import javax.sql.DataSource;
import java.io.PrintWriter;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.logging.Logger;

/**
 * A data source in front of the pool's: everything but borrowing a connection goes to {@link #pool} unchanged, and
 * {@code unwrap} reaches it (HikariCP's data source) through this one. Subclasses decide what a borrowed connection
 * becomes. As thread-safe as the pool.
 */
abstract class ForwardingDataSource implements DataSource {
    protected final DataSource pool;

    ForwardingDataSource(DataSource pool) {
        this.pool = pool;
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
