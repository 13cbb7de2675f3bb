package dev.skein.testing;

/** Tear-down of what a test class started. */
public final class Closing {
    private Closing() {}

    /** Closes each of {@code resources} that is not {@code null}, in order; one failing does not stop the rest. */
    public static void all(AutoCloseable... resources) {
        for (AutoCloseable resource : resources) {
            try {
                if (resource != null) {
                    resource.close();
                }
            } catch (Exception e) {
                // best effort: the next resource still gets closed
            }
        }
    }
}
