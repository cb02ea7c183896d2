package org.inpaintij.diffusion.scheduler;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

import org.inpaintij.core.BadInputException;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;

/**
 * A scheduler's configuration values: the config's explicit keys, else the built class's diffusers defaults.
 * Keys that the class does not take are ignored, as in diffusers. Every wrong type or unsupported value is
 * reported as one sentence naming the file, the key and what is accepted.
 */
final class Settings {

    private final SchedulerConfig config;
    private final Map<String, Object> defaults;

    Settings(SchedulerConfig config, Map<String, Object> defaults) {
        this.config = config;
        this.defaults = defaults;
    }

    /** Builds a defaults table from key, value pairs (values may be null). */
    static Map<String, Object> table(Object... keyValues) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) m.put((String) keyValues[i], keyValues[i + 1]);
        return m;
    }

    SchedulerConfig config() {
        return config;
    }

    private JsonElement explicit(String key) {
        if (!defaults.containsKey(key)) throw new IllegalArgumentException("no default for " + key);
        return config.get(key);
    }

    int integer(String key) {
        JsonElement e = explicit(key);
        if (e == null) return ((Number) defaults.get(key)).intValue();
        if (e.isJsonPrimitive() && e.getAsJsonPrimitive().isNumber()) {
            double v = e.getAsDouble();
            if (v == Math.rint(v) && Math.abs(v) < Integer.MAX_VALUE) return (int) v;
        }
        throw bad(key, e, "an integer");
    }

    double number(String key) {
        JsonElement e = explicit(key);
        if (e == null) return ((Number) defaults.get(key)).doubleValue();
        if (e.isJsonPrimitive() && e.getAsJsonPrimitive().isNumber()) return e.getAsDouble();
        // diffusers writes -Infinity for lambda_min_clipped; Gson reads it as a string in lenient JSON
        if (e.isJsonPrimitive() && e.getAsJsonPrimitive().isString()) {
            String s = e.getAsString();
            if (s.equals("-Infinity")) return Double.NEGATIVE_INFINITY;
            if (s.equals("Infinity")) return Double.POSITIVE_INFINITY;
        }
        throw bad(key, e, "a number");
    }

    /** A number that may be unset (null default, no explicit value): NaN then. */
    double optionalNumber(String key) {
        JsonElement e = explicit(key);
        if (e == null && defaults.get(key) == null) return Double.NaN;
        return number(key);
    }

    boolean flag(String key) {
        JsonElement e = explicit(key);
        if (e == null) return (Boolean) defaults.get(key);
        if (e.isJsonPrimitive() && e.getAsJsonPrimitive().isBoolean()) return e.getAsBoolean();
        throw bad(key, e, "true or false");
    }

    /** A string value that must be one of {@code accepted}. */
    String choice(String key, String... accepted) {
        JsonElement e = explicit(key);
        String v = e == null ? (String) defaults.get(key)
                : e.isJsonPrimitive() && e.getAsJsonPrimitive().isString() ? e.getAsString() : null;
        if (v == null || !Arrays.asList(accepted).contains(v)) {
            throw bad(key, e, "one of " + String.join(", ", accepted));
        }
        return v;
    }

    /** A list of numbers, or null when unset. */
    double[] numbers(String key) {
        JsonElement e = explicit(key);
        if (e == null) return null;
        if (e.isJsonArray()) {
            JsonArray a = e.getAsJsonArray();
            double[] out = new double[a.size()];
            for (int i = 0; i < out.length; i++) {
                JsonElement x = a.get(i);
                if (!x.isJsonPrimitive() || !x.getAsJsonPrimitive().isNumber()) throw bad(key, e, "a list of numbers");
                out[i] = x.getAsDouble();
            }
            return out;
        }
        throw bad(key, e, "a list of numbers");
    }

    /** Fails unless the boolean {@code key} is false: a feature Inpaint-IJ does not implement. */
    void requireOff(String key) {
        if (flag(key)) throw unsupported(key + " = true");
    }

    BadInputException unsupported(String what) {
        return new BadInputException(config.source() + " sets " + what + ", which Inpaint-IJ's schedulers do not"
                + " implement; remove that key or choose another scheduler.");
    }

    BadInputException bad(String key, JsonElement value, String accepted) {
        String shown = value == null ? String.valueOf(defaults.get(key)) : value.toString();
        return new BadInputException(config.source() + " has " + key + " = " + shown + "; Inpaint-IJ accepts "
                + accepted + ".");
    }
}
