package dev.stampede.postgres;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.stampede.core.config.ConfigException;
import dev.stampede.core.target.TargetSettings;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** What the PostgreSQL target's tools outside a run ({@code backup verify}, {@code integrity}) share. Stateless. */
public final class ActionSupport {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ActionSupport() {
    }

    /**
     * The configured database's URL, parsed.
     *
     * @param need what the tool needs it for, for the message ("backup verify needs the database to verify")
     * @throws ConfigException when no URL is configured: the embedded server is temporary and holds nothing of the user's
     */
    public static DatabaseUrl requireUrl(TargetSettings settings, String need) {
        DatabaseConfig cfg = (DatabaseConfig) settings;
        if (cfg.url() == null) {
            throw new ConfigException(need + ": set DATABASE_URL or --database-url (the embedded server is temporary and holds "
                    + "nothing of yours)");
        }
        return DatabaseUrl.parse(cfg.url(), "database.url");
    }

    /** Writes {@code content} as indented JSON to {@code dir/name}, creating the directory; returns the file. */
    public static Path writeJson(Path dir, String name, Map<String, Object> content) throws IOException {
        Files.createDirectories(dir);
        Path f = dir.resolve(name);
        JSON.writeValue(f.toFile(), content);
        return f;
    }
}
