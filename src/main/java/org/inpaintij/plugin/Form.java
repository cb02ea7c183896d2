package org.inpaintij.plugin;

import java.awt.Checkbox;
import java.awt.Choice;
import java.awt.Component;
import java.awt.TextArea;
import java.awt.TextField;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Vector;

import ij.gui.GenericDialog;
import ij.plugin.frame.Recorder;

import org.inpaintij.core.Option;

/**
 * A {@link GenericDialog} whose fields are {@link Option}s: it knows which component holds which option, reads
 * them as the text a macro would give, and records them itself. Values are read from the components, never
 * through {@code getNext...}, so ImageJ's automatic recording (which would write a text area as
 * {@code text1=}) records nothing; {@link #record} writes the full option set, once the values are final (a
 * random seed drawn, say).
 */
final class Form {

    final GenericDialog gd;
    private final Map<Option, Component> fields = new LinkedHashMap<>();

    Form(GenericDialog gd) {
        this.gd = gd;
    }

    /** A one-line text field. */
    TextField text(Option o, String value, int columns) {
        gd.addStringField(o.label(), value == null ? "" : value, columns);
        return put(o, last(gd.getStringFields()));
    }

    /** A numeric field. */
    TextField number(Option o, double value, int digits) {
        gd.addNumericField(o.label(), value, digits);
        return put(o, last(gd.getNumericFields()));
    }

    /** A choice; {@code selected} is taken when it is one of the items, else the first item. */
    Choice choice(Option o, List<String> items, String selected) {
        gd.addChoice(o.label(), items.toArray(new String[0]), items.contains(selected) ? selected : items.get(0));
        return put(o, last(gd.getChoices()));
    }

    /** A checkbox. */
    Checkbox flag(Option o, boolean value) {
        gd.addCheckbox(o.label(), value);
        return put(o, last(gd.getCheckboxes()));
    }

    /** The dialog's (first) multi-line text area, under a heading of the option's label. */
    TextArea area(Option o, String value, int rows, int columns) {
        gd.addMessage(o.label() + ":");
        gd.addTextAreas(value == null ? "" : value, null, rows, columns);
        return put(o, gd.getTextArea1());
    }

    /** Whether the option has a field in this dialog. */
    boolean has(Option o) {
        return fields.containsKey(o);
    }

    /** The component of an option. */
    Component field(Option o) {
        return fields.get(o);
    }

    /** Sets a text or numeric field's text. */
    void set(Option o, String text) {
        if (fields.get(o) instanceof TextField tf) tf.setText(text);
    }

    /**
     * The value of an option as a macro would write it ("true"/"false" for flags); a text area's line breaks as
     * spaces (the tokenizer reads any run of white space as one space, so the result is the same).
     */
    String value(Option o) {
        Component c = fields.get(o);
        if (c instanceof TextArea ta) return ta.getText().replaceAll("\\s+", " ").trim();
        if (c instanceof TextField tf) return trimZeros(tf.getText().trim());
        if (c instanceof Choice ch) return ch.getSelectedItem();
        if (c instanceof Checkbox cb) return Boolean.toString(cb.getState());
        throw new IllegalArgumentException("no field for " + o.key());
    }

    /** Every field's value, in the order they were added, keyed by macro key. */
    Map<String, String> values() {
        Map<String, String> v = new LinkedHashMap<>();
        for (Option o : fields.keySet()) v.put(o.key(), value(o));
        return v;
    }

    /**
     * Records options for the macro recorder, when it is on: a flag as its bare key when set (nothing when not),
     * anything else as {@code key=value}, an empty value as {@code key=[]}. Line breaks become spaces (a prompt's
     * words are what count) so that the line stays one macro string.
     */
    static void record(Map<String, String> values) {
        if (!Recorder.record) return;
        for (Map.Entry<String, String> e : values.entrySet()) {
            String v = e.getValue() == null ? "" : e.getValue().replaceAll("\\s+", " ").trim();
            Option o = option(e.getKey());
            if (o != null && o.kind() == Option.Kind.FLAG) {
                if (v.equalsIgnoreCase("true")) Recorder.recordOption(e.getKey());
            } else {
                Recorder.recordOption(e.getKey(), v.isEmpty() ? "[]" : v);
            }
        }
    }

    private static Option option(String key) {
        for (Option o : Option.values()) if (o.key().equals(key)) return o;
        return null;
    }

    /** "7.50" as "7.5", "25.00" as "25": what a numeric field shows is not what a user would type. */
    static String trimZeros(String s) {
        if (!s.matches("-?\\d+\\.\\d+")) return s;
        s = s.replaceAll("0+$", "");
        return s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
    }

    private <T extends Component> T put(Option o, T c) {
        fields.put(o, c);
        return c;
    }

    @SuppressWarnings("unchecked")
    private static <T> T last(Vector<?> v) {
        return (T) v.get(v.size() - 1);
    }
}
