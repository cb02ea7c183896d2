package org.inpaintij.testing;

import org.scijava.plugin.Plugin;
import org.scijava.script.AdaptedScriptLanguage;
import org.scijava.script.ScriptLanguage;

/**
 * Groovy and Jython as SciJava script languages, for the tests of the scripting examples: the JSR-223 engines
 * (org.apache.groovy:groovy-jsr223, org.python:jython-standalone) wrapped as SciJava's own scripting-groovy and
 * scripting-jython plugins wrap them in Fiji (those are not on Maven Central).
 */
public final class ScriptLanguages {

    private ScriptLanguages() {}

    /** Groovy through its JSR-223 engine. */
    @Plugin(type = ScriptLanguage.class, name = "Groovy")
    public static final class Groovy extends AdaptedScriptLanguage {
        public Groovy() {
            super("groovy");
        }
    }

    /** Python through Jython's JSR-223 engine. */
    @Plugin(type = ScriptLanguage.class, name = "Python (Jython)")
    public static final class Jython extends AdaptedScriptLanguage {
        public Jython() {
            super("python");
        }
    }
}
