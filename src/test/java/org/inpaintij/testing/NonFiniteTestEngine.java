package org.inpaintij.testing;

import org.inpaintij.core.FillRegion;
import org.inpaintij.core.InpaintEngine;
import org.inpaintij.core.InpaintRequest;
import org.inpaintij.core.Monitor;
import org.scijava.plugin.Plugin;

/**
 * A test-only method with a bug of another kind: it fills with 1 but leaves one value that is not finite, in the
 * last channel, at the last pixel to fill when the seed is odd, else at a known pixel of its crop (where it does
 * no harm: only pixels to fill are written back). Found by the plugin index of the test classes only.
 */
@Plugin(type = InpaintEngine.class, name = "test-nonfinite", priority = -102)
public final class NonFiniteTestEngine extends TestEngine {

    @Override
    public void fill(FillRegion region, InpaintRequest request, Monitor monitor) {
        byte[] s = region.state();
        double[][] v = region.values();
        int lastFill = -1, known = -1;
        for (int i = 0; i < s.length; i++) {
            if (s[i] == FillRegion.FILL) {
                for (double[] c : v) c[i] = 1;
                lastFill = i;
            } else if (s[i] == FillRegion.KNOWN) {
                known = i;
            }
        }
        boolean odd = (request.seedOrZero() & 1) == 1;
        v[v.length - 1][odd ? lastFill : known] = odd ? Double.POSITIVE_INFINITY : Double.NaN;
    }
}
