package dev.ledger.k8s;

/** Stops what a test started, last started first, each even when another fails to stop. */
public final class Closing {

    private Closing() {}

    /** Closes each non-null one in turn, reporting a failure on stderr and going on. */
    public static void all(String test, AutoCloseable... started) {
        for (AutoCloseable closeable : started) {
            if (closeable != null) {
                try {
                    closeable.close();
                } catch (Exception e) {
                    System.err.println(test + ": stopping " + closeable + ": " + e);
                }
            }
        }
    }
}
