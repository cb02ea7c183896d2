package org.inpaintij.models;

/**
 * A model could not be installed, verified, imported or removed for a reason outside the user's input: the
 * network, the server, the disk, a checksum. The message is one sentence that says what happened and what to
 * do; it is shown as is (the command line exits with status 1).
 */
public class ModelException extends RuntimeException implements org.inpaintij.core.UserFacing {
    private static final long serialVersionUID = 1L;

    public ModelException(String message) {
        super(message);
    }

    public ModelException(String message, Throwable cause) {
        super(message, cause);
    }
}
