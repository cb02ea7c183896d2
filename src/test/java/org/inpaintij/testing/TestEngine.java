package org.inpaintij.testing;

import org.inpaintij.core.InpaintEngine;
import org.inpaintij.core.InpaintRequest;
import org.inpaintij.core.Mask;

/**
 * What the test-only methods share: a context of one pixel around each region, and one region at a time (so that
 * a test sees the regions in order).
 */
abstract class TestEngine implements InpaintEngine {

    @Override
    public int margin(Mask.Component component, InpaintRequest request) {
        return 1;
    }

    @Override
    public boolean parallel() {
        return false;
    }
}
