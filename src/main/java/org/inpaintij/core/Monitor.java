package org.inpaintij.core;

/**
 * Progress and cancellation, passed down from an entry point to the engines. Implementations must be
 * cheap to call often and safe to call from the worker thread.
 */
public interface Monitor {

    /** A monitor that reports nothing and never cancels. */
    Monitor NONE = new Monitor() {
        @Override
        public void progress(double fraction, String status) {
            // reports nowhere by design: the caller asked for no progress
        }

        @Override
        public boolean isCancelled() {
            return false;
        }
    };

    /** Reports the fraction done (0..1) of the whole job, and a short status line (may be null). */
    void progress(double fraction, String status);

    /** Whether the user asked to stop. */
    boolean isCancelled();

    /**
     * Shows a picture of the work in progress (a diffusion model's current estimate, say). Optional: the
     * default shows nothing, and a monitor that shows it must never write it into the image.
     */
    default void preview(Preview preview) {
        // nothing to show it on by default
    }

    /** Throws {@link CancelledException} when the user asked to stop. */
    default void checkCancelled() {
        if (isCancelled()) throw new CancelledException();
    }

    /** A view of this monitor that reports nothing but still cancels. */
    default Monitor quiet() {
        Monitor parent = this;
        return new Monitor() {
            @Override
            public void progress(double fraction, String status) {
                // a part among many parallel ones: the caller reports the whole
            }

            @Override
            public boolean isCancelled() {
                return parent.isCancelled();
            }
        };
    }

    /** A view of this monitor that maps its own 0..1 onto {@code from..to} of this one. */
    default Monitor range(double from, double to) {
        Monitor parent = this;
        return new Monitor() {
            @Override
            public void progress(double fraction, String status) {
                parent.progress(from + (to - from) * Math.max(0, Math.min(1, fraction)), status);
            }

            @Override
            public void preview(Preview preview) {
                parent.preview(preview);
            }

            @Override
            public boolean isCancelled() {
                return parent.isCancelled();
            }
        };
    }
}
