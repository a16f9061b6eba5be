package dev.stampede.core.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Reads a configuration file, YAML or JSON by its extension (YAML when unsure, as YAML 1.2 reads
 * JSON too). Syntax errors name the file, the line and the column.
 */
public final class ConfigFiles {
    private ConfigFiles() {
    }

    public static ObjectNode read(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new ConfigException("config file " + file + " does not exist; check the path, or write a sample with "
                    + "'stampede init-config " + file + "'");
        } catch (IOException e) {
            throw new ConfigException("config file " + file + " cannot be read (" + e.getMessage() + "); check its permissions");
        }
        boolean json = file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".json");
        ObjectMapper mapper = json ? new ObjectMapper() : new ObjectMapper(new YAMLFactory());
        JsonNode node;
        try {
            node = mapper.readTree(text);
        } catch (JsonProcessingException e) {
            JsonLocation loc = e.getLocation();
            String where = loc == null ? "" : " at line " + loc.getLineNr() + ", column " + loc.getColumnNr();
            throw new ConfigException("config file " + file + " is not valid " + (json ? "JSON" : "YAML") + where + ": "
                    + e.getOriginalMessage().lines().findFirst().orElse("syntax error")
                    + "; fix the syntax there (or compare with 'stampede init-config')");
        }
        if (node == null || node.isMissingNode() || node.isNull()) {
            throw new ConfigException("config file " + file + " is empty; write a sample with 'stampede init-config FILE'");
        }
        if (!(node instanceof ObjectNode obj)) {
            throw new ConfigException("config file " + file + " must hold a mapping of settings at the top, found "
                    + node.getNodeType().name().toLowerCase(Locale.ROOT));
        }
        return obj;
    }
}
