import java.util.List;

/** One invariant after a run: whether it held, the counts that show it, and a few lines of evidence. */
record CheckResult(String invariant, boolean held, String detail, List<String> evidence) {

    /** Evidence enough to start from; the logs hold the rest. */
    static final int MAX_EVIDENCE = 10;

    CheckResult(String invariant, boolean held, String detail) {
        this(invariant, held, detail, List.of());
    }

    /** Adds {@code line} to {@code evidence} unless it holds {@link #MAX_EVIDENCE} lines already. */
    static void note(List<String> evidence, String line) {
        if (evidence.size() < MAX_EVIDENCE) {
            evidence.add(line);
        }
    }
}
