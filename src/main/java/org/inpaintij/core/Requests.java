package org.inpaintij.core;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Turns option values written as text (macro options, command-line flags, dialog fields) into a checked
 * {@link InpaintRequest}. Every bad value gets one sentence naming the key, the value and what is accepted.
 */
public final class Requests {

    private Requests() {}

    /**
     * Parses a request; keys are {@link Option#key()}s, missing keys take their defaults, flags are present
     * when their value is anything but {@code false}.
     */
    public static InpaintRequest parse(Map<String, String> values) {
        Map<String, String> v = lowerKeys(values);
        String method = choice(v, Option.METHOD);
        Output output = Output.of(text(v, Option.OUTPUT));
        String mask = text(v, Option.MASK);
        if (mask.isBlank()) mask = InpaintRequest.MASK_SELECTION;
        InpaintRequest.DiffusionOptions d = new InpaintRequest.DiffusionOptions(
                blankToNull(v.get(Option.MODEL.key())),
                text(v, Option.PROMPT),
                text(v, Option.NEGATIVE),
                optInt(v, Option.STEPS, 1, 1000),
                optDecimal(v, Option.CFG, 0, 100),
                optDecimal(v, Option.STRENGTH, 0, 1),
                choice(v, Option.SCHEDULER),
                integer(v, Option.VARIATIONS, 1, 100),
                optInt(v, Option.CONTEXT, 0, 8192),
                resolution(v),
                device(v),
                choice(v, Option.SEAM));
        Long seed = optLong(v, Option.SEED);
        return new InpaintRequest(method, output, mask, flag(v, Option.STACK), flag(v, Option.NO_UNDO),
                integer(v, Option.GROW, 0, 1000),
                integer(v, Option.FEATHER, 0, 1000),
                integer(v, Option.POINT_RADIUS, 0, 1000),
                integer(v, Option.RADIUS, 1, 100),
                integer(v, Option.PATCH, 3, 64),
                seed, d);
    }

    /**
     * The options given in {@code values} that the chosen method does not read, in the table's order: options of
     * other methods (a prompt or steps for a model-free method, a patch size for telea). The option table decides, through each
     * engine's {@link InpaintEngine#reads()}, so a new method needs no change here.
     */
    public static List<Option> ignored(Map<String, String> values) {
        String method = choice(lowerKeys(values), Option.METHOD);
        java.util.Set<Option> methodOptions = java.util.EnumSet.noneOf(Option.class);
        for (String n : Engines.names()) methodOptions.addAll(Engines.get(n).options());
        java.util.Set<Option> reads = Engines.get(method).reads();
        methodOptions.removeAll(reads);
        // variations are one result per seed, made for any method that reads a seed
        if (reads.contains(Option.SEED)) methodOptions.remove(Option.VARIATIONS);
        Map<String, String> given = lowerKeys(values);
        // in the table's order, as the dialog and the help list them
        return methodOptions.stream().filter(o -> given.containsKey(o.key())).toList();
    }

    private static Map<String, String> lowerKeys(Map<String, String> values) {
        Map<String, String> v = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : values.entrySet()) {
            if (e.getValue() != null) v.put(e.getKey().toLowerCase(Locale.ROOT), e.getValue());
        }
        return v;
    }

    /** A whole-number option with bounds, as the outpaint border sizes are. */
    public static int integer(Map<String, String> v, Option o, int min, int max) {
        Integer i = optInt(v, o, min, max);
        if (i == null) throw new IllegalStateException("option without default: " + o.key());
        return i;
    }

    private static String raw(Map<String, String> v, Option o) {
        String s = v.get(o.key());
        return s == null ? o.defaultValue() : s.trim();
    }

    private static String text(Map<String, String> v, Option o) {
        String s = v.get(o.key());
        if (s == null) s = o.defaultValue();
        return s == null ? "" : s;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }

    private static boolean flag(Map<String, String> v, Option o) {
        String s = raw(v, o);
        return s != null && !s.equalsIgnoreCase("false");
    }

    private static String choice(Map<String, String> v, Option o) {
        String s = raw(v, o);
        List<String> ok = o.choices();
        for (String c : ok) if (c.equalsIgnoreCase(s)) return c;
        throw new BadInputException("Unknown " + o.key() + " '" + s + "'; accepted: " + String.join(", ", ok) + ".");
    }

    private static Integer optInt(Map<String, String> v, Option o, int min, int max) {
        String s = raw(v, o);
        if (s == null || s.isBlank()) return null;
        double d = number(s, o, "a whole number from " + min + " to " + max);
        if (d != Math.rint(d) || d < min || d > max) {
            throw new BadInputException(o.key() + " must be a whole number from " + min + " to " + max + ", not " + s
                    + ".");
        }
        return (int) d;
    }

    private static Long optLong(Map<String, String> v, Option o) {
        String s = raw(v, o);
        if (s == null || s.isBlank()) return null;
        try {
            long l = s.contains(".") || s.contains("e") || s.contains("E") ? wholeDouble(s, o) : Long.parseLong(s);
            if (l < -1) throw new NumberFormatException();
            return l;
        } catch (NumberFormatException e) {
            throw new BadInputException(o.key() + " must be a whole number, -1 or more (-1 = random), not " + s + ".");
        }
    }

    private static long wholeDouble(String s, Option o) {
        double d = Double.parseDouble(s);
        if (d != Math.rint(d) || Math.abs(d) > 9.007199254740992E15) throw new NumberFormatException(o.key());
        return (long) d;
    }

    private static Double optDecimal(Map<String, String> v, Option o, double min, double max) {
        String s = raw(v, o);
        if (s == null || s.isBlank()) return null;
        double d = number(s, o, "a number from " + fmt(min) + " to " + fmt(max));
        if (!(d >= min && d <= max)) {
            throw new BadInputException(o.key() + " must be a number from " + fmt(min) + " to " + fmt(max) + ", not "
                    + s + ".");
        }
        return d;
    }

    private static double number(String s, Option o, String accepted) {
        try {
            double d = Double.parseDouble(s);
            if (Double.isNaN(d) || Double.isInfinite(d)) throw new NumberFormatException();
            return d;
        } catch (NumberFormatException e) {
            throw new BadInputException(o.key() + " must be " + accepted + ", not '" + s + "'.");
        }
    }

    private static Integer resolution(Map<String, String> v) {
        Integer r = optInt(v, Option.RESOLUTION, 64, 4096);
        if (r != null && r % 8 != 0) {
            throw new BadInputException("resolution must be a multiple of 8 from 64 to 4096, not " + r
                    + " (try " + (Math.max(64, Math.round(r / 8f) * 8)) + ").");
        }
        return r;
    }

    private static String device(Map<String, String> v) {
        String s = text(v, Option.DEVICE).trim().toLowerCase(Locale.ROOT);
        if (s.equals("auto") || s.equals("cpu") || s.equals("cuda") || s.matches("cuda:\\d{1,2}")) return s;
        throw new BadInputException("Unknown device '" + s + "'; accepted: auto, cpu, cuda, cuda:N (N = GPU index).");
    }

    private static String fmt(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }
}
