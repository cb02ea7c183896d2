package org.inpaintij.testing;

import org.inpaintij.core.FillRegion;
import org.inpaintij.core.InpaintEngine;
import org.inpaintij.core.InpaintRequest;
import org.inpaintij.core.Monitor;
import org.scijava.plugin.Plugin;

/**
 * A test-only method with a bug: its fill throws as a programming error would, so tests can check that a failure
 * nobody foresaw reaches the user as a sentence and leaves the image as it was. Found by the plugin index of the
 * test classes only.
 */
@Plugin(type = InpaintEngine.class, name = "test-fail", priority = -101)
public final class FailingTestEngine extends TestEngine {

    @Override
    public void fill(FillRegion region, InpaintRequest request, Monitor monitor) {
        throw new IllegalStateException("index " + region.width() + " out of bounds (a stand-in for a bug)");
    }
}
