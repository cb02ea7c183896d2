package org.inpaintij.core;

/**
 * Marks an exception whose message is already the one sentence a user should read (what was wrong, what to
 * do), so that every door shows it as it is; {@link Errors#sentence} words every other failure.
 */
public interface UserFacing {}
