package dev.stampede.http;

import dev.stampede.core.config.ConfigException;
import dev.stampede.core.config.ConfigSection;
import dev.stampede.http.persona.Persona;
import dev.stampede.http.persona.PersonaParser;
import dev.stampede.http.persona.Step;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Tag selection's bad input: a tag in {@code http.tags} / {@code http.exclude_tags} (or the flags {@code --tags} /
 * {@code --exclude-tags}) that no task carries is a typo, not an empty selection, so it fails with the known tags and
 * the nearest one. With no personas configured the built-in ones' tags count (the
 * reference stack's and the game WebSocket's). Stateless.
 */
final class TagCheck {
    private TagCheck() {
    }

    static Set<String> tagsOf(List<Persona> personas) {
        Set<String> out = new TreeSet<>();
        for (Persona p : personas) {
            for (Step t : p.tasks()) out.addAll(t.tags());
        }
        return out;
    }

    static Set<String> builtInTags() {
        Set<String> out = new TreeSet<>(tagsOf(PersonaParser.resource(HttpScope.REFERENCE_PERSONAS)));
        out.addAll(tagsOf(PersonaParser.resource(HttpScope.GAME_PERSONAS)));
        out.addAll(tagsOf(PersonaParser.resource(HttpScope.UPLOAD_PERSONAS)));
        return out;
    }

    /** Throws when a tag of {@code given} is on no task of {@code personas} (the built-in ones when empty). */
    static void known(ConfigSection h, String key, Set<String> given, List<Persona> personas) {
        if (given.isEmpty()) return;
        Set<String> known = personas.isEmpty() ? builtInTags() : tagsOf(personas);
        for (String t : new TreeSet<>(given)) {
            if (known.contains(t)) continue;
            String hint = ConfigSection.closest(t, known);
            throw new ConfigException("unknown tag '" + t + "' in http." + key + " (from " + h.tree().origin(h.full(key)) + "): no task of the "
                    + (personas.isEmpty() ? "built-in " : "") + "personas carries it" + (hint != null ? "; did you mean '" + hint + "'?" : "")
                    + "; tags: " + (known.isEmpty() ? "(none: tag tasks with tags: [name])" : String.join(", ", known)));
        }
    }
}
