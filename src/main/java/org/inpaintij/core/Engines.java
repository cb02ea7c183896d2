package org.inpaintij.core;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.scijava.InstantiableException;
import org.scijava.plugin.DefaultPluginFinder;
import org.scijava.plugin.PluginIndex;
import org.scijava.plugin.PluginInfo;

/**
 * The inpainting engines on the class path, found once through SciJava's plugin index (the
 * {@code META-INF/json/org.scijava.plugin.Plugin} files that {@code @Plugin} annotations generate).
 */
public final class Engines {

    private static volatile Map<String, InpaintEngine> engines;

    private Engines() {}

    private static Map<String, InpaintEngine> all() {
        Map<String, InpaintEngine> e = engines;
        if (e == null) {
            synchronized (Engines.class) {
                e = engines;
                if (e == null) engines = e = discover();
            }
        }
        return e;
    }

    private static Map<String, InpaintEngine> discover() {
        // the plugin's own class loader: inside ImageJ that is the plugins-folder loader, not the context one
        PluginIndex index = new PluginIndex(new DefaultPluginFinder(Engines.class.getClassLoader()));
        index.discover();
        List<PluginInfo<InpaintEngine>> infos = new ArrayList<>(index.getPlugins(InpaintEngine.class));
        // higher priority first; the order is the order of the method choice
        infos.sort((a, b) -> Double.compare(b.getPriority(), a.getPriority()));
        Map<String, InpaintEngine> out = new LinkedHashMap<>();
        for (PluginInfo<InpaintEngine> info : infos) {
            try {
                out.putIfAbsent(info.getName(), info.createInstance());
            } catch (InstantiableException ex) {
                throw new IllegalStateException("Inpainting method '" + info.getName() + "' ("
                        + info.getClassName() + ") could not be created", ex);
            }
        }
        if (out.isEmpty()) {
            throw new IllegalStateException("No inpainting methods found on the class path: the plugin index "
                    + "META-INF/json/org.scijava.plugin.Plugin is missing from the jar.");
        }
        return Collections.unmodifiableMap(out);
    }

    /** Names of all methods, in menu order. */
    public static List<String> names() {
        return List.copyOf(all().keySet());
    }

    /** The engine of that name. */
    public static InpaintEngine get(String name) {
        InpaintEngine e = all().get(name);
        if (e == null) {
            throw new BadInputException("Unknown method '" + name + "'; accepted: " + String.join(", ", names()) + ".");
        }
        return e;
    }
}
