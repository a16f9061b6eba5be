package dev.stampede.core.target;

import java.util.Map;
import java.util.Optional;

/**
 * An opened target for one run: connected (or its embedded default started), ready to serve scenarios.
 * {@link #close()} releases everything it opened, the embedded server included; it is called once, also after
 * Ctrl-C. Used from the session thread only.
 */
public interface Target extends AutoCloseable {

    /** The provider's name, for example {@code postgres}. */
    String name();

    /** What was tested, for the report header (address without secrets, server version, own schema...). */
    Map<String, Object> describe();

    /**
     * Begins one scenario. When {@code use.drivesLoad()} the target builds the scenario's workload (preparing its
     * data the first time a workload type is used) and whatever it needs for it (a pool sized to the scenario);
     * otherwise it only contributes its monitors and findings, because the scenario loads another target.
     *
     * @throws TargetUnreachableException when the target is lost while preparing
     */
    ScenarioScope begin(ScenarioUse use) throws Exception;

    /**
     * What else this target offers another target's workload, by interface: for example a cache-aside workload in
     * front of the database asks {@code capability(SqlDatabase.class)}. The default answers with this target
     * itself when it implements {@code type}, so a target offers a capability by implementing its interface.
     */
    default <T> Optional<T> capability(Class<T> type) {
        return type.isInstance(this) ? Optional.of(type.cast(this)) : Optional.empty();
    }

    @Override
    void close();
}
