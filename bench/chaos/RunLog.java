import java.time.Duration;

/** The run's progress on stdout, each line with the time since the driver started. */
final class RunLog {

    private static final long STARTED = System.nanoTime();

    private RunLog() {}

    static void say(String line) {
        long seconds = Duration.ofNanos(System.nanoTime() - STARTED).toSeconds();
        System.out.printf("chaos [%02d:%02d] %s%n", seconds / 60, seconds % 60, line);
    }

    /** Seconds with one decimal, as every duration in the output is shown. */
    static String seconds(Duration duration) {
        return String.format("%.1f s", duration.toMillis() / 1000.0);
    }
}
