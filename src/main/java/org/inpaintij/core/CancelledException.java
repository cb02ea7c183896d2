package org.inpaintij.core;

/** Thrown when the user cancelled; whatever was being changed is left as it was. */
public final class CancelledException extends RuntimeException implements UserFacing {
    private static final long serialVersionUID = 1L;

    public CancelledException() {
        super("Cancelled by the user; the image was left as it was.");
    }
}
