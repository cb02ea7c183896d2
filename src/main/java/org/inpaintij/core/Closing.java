package org.inpaintij.core;

import java.util.function.Consumer;

/** Closing several owned resources so that one failing to close does not leave the others open. */
public final class Closing {

    private Closing() {}

    /**
     * Closes every item with {@code close}, in order; when some fail, the first failure is thrown once all were
     * tried, with the later ones added to it as suppressed.
     */
    public static <T> void all(Iterable<? extends T> items, Consumer<? super T> close) {
        RuntimeException first = null;
        for (T item : items) {
            try {
                close.accept(item);
            } catch (RuntimeException e) {
                if (first == null) first = e;
                else first.addSuppressed(e);
            }
        }
        if (first != null) throw first;
    }
}
