package org.inpaintij.diffusion.scheduler;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeSet;
import java.util.Set;

import org.inpaintij.core.BadInputException;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;

/**
 * A diffusers {@code scheduler_config.json}: the scheduler class it names and the keys it sets explicitly.
 * Absent keys (and keys set to null) take the defaults of whichever scheduler is built from it, as
 * diffusers' {@code from_config} does. Immutable.
 */
public final class SchedulerConfig {

    private final String source;
    private final String className;
    private final JsonObject keys;

    private SchedulerConfig(String source, String className, JsonObject keys) {
        this.source = source;
        this.className = className;
        this.keys = keys;
    }

    /**
     * Reads a {@code scheduler_config.json}.
     *
     * @throws BadInputException naming the file when it is missing or not a JSON object
     */
    public static SchedulerConfig read(Path file) {
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return of(JsonParser.parseReader(r), file.toString());
        } catch (NoSuchFileException e) {
            throw new BadInputException("The scheduler configuration " + file + " is missing; a model folder has"
                    + " scheduler/scheduler_config.json.", e);
        } catch (IOException | JsonParseException e) {
            throw new BadInputException(file + " is not valid JSON (" + e.getMessage()
                    + "); it must be a diffusers scheduler configuration object.", e);
        }
    }

    /**
     * Parses the text of a scheduler configuration; {@code source} names it in error messages.
     *
     * @throws BadInputException when the text is not a JSON object
     */
    public static SchedulerConfig parse(String json, String source) {
        try {
            return of(JsonParser.parseString(json), source);
        } catch (JsonParseException e) {
            throw new BadInputException(source + " is not valid JSON (" + e.getMessage()
                    + "); it must be a diffusers scheduler configuration object.", e);
        }
    }

    private static SchedulerConfig of(JsonElement root, String source) {
        if (!root.isJsonObject()) {
            throw new BadInputException(source + " does not hold a JSON object; it must be a diffusers scheduler"
                    + " configuration such as {\"_class_name\": \"EulerDiscreteScheduler\", ...}.");
        }
        JsonObject keys = new JsonObject();
        String className = null;
        for (Map.Entry<String, JsonElement> e : root.getAsJsonObject().entrySet()) {
            if (e.getKey().equals("_class_name")) {
                if (e.getValue().isJsonPrimitive()) className = e.getValue().getAsString();
            } else if (!e.getKey().startsWith("_") && !e.getValue().isJsonNull()) {
                keys.add(e.getKey(), e.getValue());
            }
        }
        return new SchedulerConfig(source, className, keys);
    }

    /** The diffusers class named by {@code _class_name}, or null when there is none. */
    public String className() {
        return className;
    }

    /** Where the configuration came from (a path, or the name given to {@link #parse}). */
    public String source() {
        return source;
    }

    /** The keys set explicitly (not null), sorted. */
    public Set<String> keys() {
        return new TreeSet<>(keys.keySet());
    }

    /** Whether {@code key} is set explicitly. */
    public boolean has(String key) {
        return keys.has(key);
    }

    /** The explicit value of {@code key}, or null. */
    JsonElement get(String key) {
        return keys.get(key);
    }

    /** A copy with {@code key} set. */
    SchedulerConfig with(String key, Object value) {
        JsonObject copy = keys.deepCopy();
        copy.add(key, json(value));
        return new SchedulerConfig(source, className, copy);
    }

    /** A copy where the keys of {@code defaults} that are not set explicitly are set to those values. */
    SchedulerConfig withDefaults(Map<String, Object> defaults) {
        JsonObject copy = keys.deepCopy();
        defaults.forEach((k, v) -> {
            if (!copy.has(k) && v != null) copy.add(k, json(v));
        });
        return new SchedulerConfig(source, className, copy);
    }

    private static JsonElement json(Object v) {
        if (v instanceof Boolean b) return new JsonPrimitive(b);
        if (v instanceof Number n) return new JsonPrimitive(n);
        return new JsonPrimitive(String.valueOf(v));
    }

    @Override
    public String toString() {
        return (className == null ? "scheduler config" : className) + " " + keys + " from " + source;
    }
}
