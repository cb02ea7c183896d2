package org.inpaintij.core;

/**
 * Input the user can fix: a bad option value, a mask that does not fit, a missing model. The message is
 * one sentence that names what was wrong and what is accepted; it is shown as is.
 */
public class BadInputException extends RuntimeException implements UserFacing {
    private static final long serialVersionUID = 1L;

    public BadInputException(String message) {
        super(message);
    }

    public BadInputException(String message, Throwable cause) {
        super(message, cause);
    }
}
