package org.inpaintij.testing;

import java.util.Set;
import java.util.SplittableRandom;

import org.inpaintij.core.FillRegion;
import org.inpaintij.core.InpaintEngine;
import org.inpaintij.core.InpaintRequest;
import org.inpaintij.core.Monitor;
import org.inpaintij.core.Option;
import org.scijava.plugin.Plugin;

/**
 * A test-only method whose fill is the seed itself (as a value), so tests can see which seed each plane or
 * variation got. Found by the plugin index of the test classes only; its name starts with {@code test-}.
 */
@Plugin(type = InpaintEngine.class, name = "test-seed", priority = -100)
public final class SeededTestEngine extends TestEngine {

    @Override
    public Set<Option> options() {
        return Set.of(Option.SEED);
    }

    @Override
    public void fill(FillRegion region, InpaintRequest request, Monitor monitor) {
        long seed = request.seed() == null || request.seed() < 0 ? new SplittableRandom().nextLong(1000, 2000)
                : request.seed();
        region.note("seed", Long.toString(seed));
        byte[] s = region.state();
        for (double[] v : region.values()) {
            for (int i = 0; i < s.length; i++) if (s[i] == FillRegion.FILL) v[i] = seed;
        }
    }
}
