package org.inpaintij.plugin;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.inpaintij.core.BadInputException;
import org.inpaintij.core.Monitor;
import org.inpaintij.ij.MacroOptions;
import org.inpaintij.models.Bytes;
import org.inpaintij.models.InstalledModel;
import org.inpaintij.models.ModelDescriptor;
import org.inpaintij.models.ModelManager;
import org.inpaintij.models.VerifyResult;
import org.inpaintij.models.ModelKinds;

/**
 * {@code run("Inpainting Models...", "action=install model=sd-turbo accept_license")}: the model manager
 * without a window, for macros and headless Fiji. The same actions as the command line; the result is one
 * line (or the list) for the Log window.
 */
final class ModelsMacro {

    static final String ACTION = "action";
    static final String MODEL = "model";
    static final String FOLDER = "folder";
    static final String NAME = "name";
    static final String KIND = "kind";
    static final String ACCEPT = "accept_license";
    static final String BASE_URL = "base_url";
    static final List<String> KEYS = List.of(ACTION, MODEL, FOLDER, NAME, KIND, ACCEPT, BASE_URL);
    static final List<String> ACTIONS = List.of("list", "install", "verify", "remove", "import", "set-folder");

    private ModelsMacro() {}

    /** Which action, checked. */
    static String action(Map<String, String> v) {
        String a = v.getOrDefault(ACTION, "list").trim().toLowerCase(Locale.ROOT);
        if (!ACTIONS.contains(a)) {
            throw new BadInputException("Unknown action '" + a + "' for Inpainting Models; accepted: "
                    + String.join(", ", ACTIONS) + ".");
        }
        return a;
    }

    /** The mirror given by {@code base_url}, or null. */
    static URI mirror(Map<String, String> v) {
        return org.inpaintij.models.Mirror.parse(v.get(BASE_URL), BASE_URL);
    }

    /**
     * Runs one action.
     *
     * @param options the macro options
     * @param manager the model manager
     * @return what to write to the Log
     */
    static String run(Map<String, String> options, ModelManager manager, Monitor monitor) {
        MacroOptions.checkKeys(options, KEYS, "Inpainting Models");
        String action = action(options);
        switch (action) {
            case "list":
                return manager.listing();
            case "install": {
                ModelDescriptor d = manager.descriptor(required(options, MODEL, "the model to install"));
                if (manager.installed(d.name()).filter(m -> m.name().equals(d.name())).isPresent()) {
                    return d.name() + " is already installed in " + manager.folder().path() + ".";
                }
                if (!manager.licenseAccepted(d)) {
                    if (!options.containsKey(ACCEPT)) {
                        String scanner = d.scannerWarning();
                        throw new BadInputException("The licence of model '" + d.name() + "' (" + d.license().name()
                                + ", " + d.license().url() + ") must be accepted first: read it, then add "
                                + "accept_license to the macro options" + (scanner == null ? "." : " (note: "
                                + scanner.replaceAll("\\.$", "") + ")."));
                    }
                    manager.acceptLicense(d);
                }
                InstalledModel m = manager.install(d, monitor);
                return "Installed " + m.name() + " (" + Bytes.format(m.bytes()) + ") in " + m.folder() + ".";
            }
            case "verify": {
                VerifyResult r = manager.verify(required(options, MODEL, "the model to verify"), monitor);
                if (r.ok()) return r.name() + ": OK (" + Bytes.format(r.bytesChecked()) + " checked)";
                throw new org.inpaintij.models.ModelException("Model " + r.name() + " failed verification: "
                        + String.join(" ", r.problems()));
            }
            case "remove": {
                String n = required(options, MODEL, "the model to remove");
                manager.remove(n);
                return "Removed " + n + " from " + manager.folder().path() + ".";
            }
            case "import": {
                Path dir = Path.of(required(options, FOLDER, "the model folder to import"));
                String kind = options.get(KIND);
                InstalledModel m = manager.importFolder(dir, options.get(NAME), kind == null ? null
                        : ModelKinds.of(kind), monitor);
                return "Imported " + m.name() + " (" + ModelKinds.key(m.kind()) + ", " + Bytes.format(m.bytes())
                        + ") into " + m.folder() + ".";
            }
            default: {
                String dir = required(options, FOLDER, "the model folder");
                String warning = manager.setFolder(dir);
                return warning != null ? warning : "Model folder set to "
                        + org.inpaintij.models.ModelsFolder.parse(dir, "The model folder") + ".";
            }
        }
    }

    private static String required(Map<String, String> v, String key, String what) {
        String s = v.get(key);
        if (s == null || s.isBlank()) {
            throw new BadInputException("Inpainting Models action=" + action(v) + " needs " + key + "=... ("
                    + what + ").");
        }
        return s.trim();
    }
}
