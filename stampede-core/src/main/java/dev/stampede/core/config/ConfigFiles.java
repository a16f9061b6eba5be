package dev.stampede.core.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Reads a configuration file, YAML or JSON by its extension (YAML when unsure, as YAML 1.2 reads
 * JSON too). Syntax errors name the file, the line and the column.
 */
public final class ConfigFiles {
    private ConfigFiles() {
    }

    /** A parsed file and the line of every key in it, by dotted path ({@code workload.statements[0].name}). */
    public record Parsed(ObjectNode root, Map<String, Integer> lines) {
    }

    public static ObjectNode read(Path file) {
        return readWithLines(file).root();
    }

    /** Reads and parses {@code file}, keeping the line of every key so that errors can point at it. */
    public static Parsed readWithLines(Path file) {
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
        return new Parsed(obj, lines(mapper, text));
    }

    /** Streams the text once more, recording where each key starts. Best effort: a key without a line is fine. */
    private static Map<String, Integer> lines(ObjectMapper mapper, String text) {
        Map<String, Integer> lines = new HashMap<>();
        try (JsonParser p = mapper.getFactory().createParser(text)) {
            JsonToken t;
            while ((t = p.nextToken()) != null) {
                if (t == JsonToken.FIELD_NAME) lines.putIfAbsent(path(p.getParsingContext()), p.currentTokenLocation().getLineNr());
            }
        } catch (IOException e) {
            // already parsed once: cannot happen; lines are only a convenience
        }
        return lines;
    }

    private static String path(JsonStreamContext ctx) {
        java.util.ArrayDeque<String> parts = new java.util.ArrayDeque<>();
        for (JsonStreamContext c = ctx; c != null && !c.inRoot(); c = c.getParent()) {
            if (c.inObject()) parts.push("." + c.getCurrentName());
            else if (c.inArray()) parts.push("[" + c.getCurrentIndex() + "]");
        }
        String joined = String.join("", parts);
        return joined.startsWith(".") ? joined.substring(1) : joined;
    }
}
