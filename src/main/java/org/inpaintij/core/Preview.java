package org.inpaintij.core;

import java.awt.Rectangle;

/**
 * A picture of work in progress, for the user to watch while a long fill runs: never a result, never written
 * into the image.
 *
 * @param box where it lies, in image coordinates
 * @param rgb {@code box.width * box.height} packed RGB values, row-major; 0 means "not part of the preview"
 *     (transparent), so a drawn pixel is never pure black
 * @param step steps done
 * @param steps steps in all
 */
public record Preview(Rectangle box, int[] rgb, int step, int steps) {

    public Preview {
        box = new Rectangle(box);
        if (rgb.length != box.width * box.height) {
            throw new IllegalArgumentException(rgb.length + " pixels for a " + box.width + "x" + box.height + " box");
        }
    }
}
