package dev.stampede.core.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.HashMap;
import java.util.Map;

/**
 * The merged configuration before binding: a JSON tree in canonical key names, plus where each value
 * came from ("config file stampede.yaml", "environment DB_POOL_SIZE", "--duration"), so that an error
 * can name its source. Layers are applied lowest first: defaults, file, environment, flags. Not
 * thread-safe; built on one thread and then bound.
 */
public final class ConfigTree {
    private final ObjectNode root;
    private final Map<String, String> origins = new HashMap<>();

    public ConfigTree() {
        this(JsonNodeFactory.instance.objectNode());
    }

    ConfigTree(ObjectNode root) {
        this.root = root;
    }

    public ObjectNode root() { return root; }

    /**
     * Sets a dotted path such as {@code database.pool_size}, creating objects on the way.
     *
     * @param value a String, Number, Boolean, List or JsonNode
     */
    public void set(String path, Object value, String origin) {
        String[] parts = path.split("\\.");
        ObjectNode node = root;
        for (int i = 0; i < parts.length - 1; i++) {
            JsonNode child = node.get(parts[i]);
            if (!(child instanceof ObjectNode)) {
                child = node.putObject(parts[i]);
            }
            node = (ObjectNode) child;
        }
        node.set(parts[parts.length - 1], toNode(value));
        origins.put(path, origin);
    }

    /** Records the origin of every key under {@code node} (used for a whole file). */
    public void markOrigins(String prefix, JsonNode node, String origin) {
        markOrigins(prefix, node, origin, Map.of());
    }

    /**
     * Records the origin of every key under {@code node}, objects included (so that an unknown section is
     * reported against its file), with the key's line from {@code lines} when known.
     */
    public void markOrigins(String prefix, JsonNode node, String origin, Map<String, Integer> lines) {
        if (!prefix.isEmpty()) {
            Integer line = lines.get(prefix);
            origins.put(prefix, line == null ? origin : origin + ", line " + line);
        }
        if (node instanceof ObjectNode obj) {
            obj.properties().forEach(e ->
                    markOrigins(prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey(), e.getValue(), origin, lines));
        }
    }

    /** Where the value at {@code path} came from; "defaults" when nothing set it. */
    public String origin(String path) {
        String p = path;
        while (true) {
            String o = origins.get(p);
            if (o != null) return o;
            int dot = p.lastIndexOf('.');
            if (dot < 0) return "defaults";
            p = p.substring(0, dot);
        }
    }

    static JsonNode toNode(Object value) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        return switch (value) {
            case null -> f.nullNode();
            case JsonNode n -> n;
            case String s -> f.textNode(s);
            case Integer i -> f.numberNode(i);
            case Long l -> f.numberNode(l);
            case Double d -> f.numberNode(d);
            case Boolean b -> f.booleanNode(b);
            case Iterable<?> it -> {
                var arr = f.arrayNode();
                for (Object o : it) arr.add(toNode(o));
                yield arr;
            }
            default -> f.textNode(value.toString());
        };
    }
}
