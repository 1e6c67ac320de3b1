import java.time.Duration;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * The driver's command line, parsed by hand (picocli is not on devstack's classpath). Every option
 * has a default; {@code --short} sets the CI run's, which later options may still change.
 */
record ChaosOptions(
        long seed,
        Duration duration,
        Set<FaultKind> faults,
        int rounds,
        int clients,
        int rate,
        int accounts,
        Duration convergeLimit,
        boolean help) {

    static final String USAGE = """
        usage: bench/chaos/run.sh [--no-build] [--short] [--seed N] [--duration SECONDS] [--faults KIND,...|none]
                                  [--rounds N] [--clients N] [--rate N] [--accounts N] [--converge SECONDS]
          --no-build   use the jars already in */target (run.sh only)
          --short      the CI run: at least 60 s of load, 4 clients, one round of
                       kill-command, kill-query-1, kill-kafka, restart-postgres, pause-command, rebuild-projections
          --seed       repeats a run's fault schedule and its clients' choices (default: a new one, printed)
          --duration   seconds of load at least; it goes on until the last fault is over (default 300)
          --faults     comma-separated (default: all but partition-kafka, which needs root): %s
          --rounds     how often each fault kind strikes (default 2)
          --clients    concurrent clients (default 8)
          --rate       transfers per second, all clients together (default 40)
          --accounts   accounts the transfers move money between (default 20)
          --converge   seconds the read side may take to equal the write side after the load (default 120)
        """.formatted(FaultKind.labels());

    static ChaosOptions parse(String... args) {
        Map<String, String> values = new HashMap<>();
        boolean shortRun = false;
        boolean help = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--short" -> shortRun = true;
                case "--help", "-h" -> help = true;
                case "--seed",
                        "--duration",
                        "--faults",
                        "--rounds",
                        "--clients",
                        "--rate",
                        "--accounts",
                        "--converge" -> {
                    if (i + 1 == args.length) {
                        throw new IllegalArgumentException(args[i] + " needs a value");
                    }
                    values.put(args[i], args[++i]);
                }
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        return new ChaosOptions(
                values.containsKey("--seed") ? Long.parseLong(values.get("--seed")) : new Random().nextLong(),
                Duration.ofSeconds(positive(values, "--duration", shortRun ? 60 : 300)),
                values.containsKey("--faults")
                        ? faults(values.get("--faults"))
                        : shortRun ? FaultKind.forShortRun() : FaultKind.byDefault(),
                positive(values, "--rounds", shortRun ? 1 : 2),
                positive(values, "--clients", shortRun ? 4 : 8),
                positive(values, "--rate", 40),
                atLeastTwo(positive(values, "--accounts", 20)),
                Duration.ofSeconds(positive(values, "--converge", 120)),
                help);
    }

    private static int positive(Map<String, String> values, String option, int fallback) {
        if (!values.containsKey(option)) {
            return fallback;
        }
        int value;
        try {
            value = Integer.parseInt(values.get(option));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " takes a number, not " + values.get(option));
        }
        if (value < 1) {
            throw new IllegalArgumentException(option + " must be at least 1");
        }
        return value;
    }

    private static int atLeastTwo(int accounts) {
        if (accounts < 2) {
            throw new IllegalArgumentException("--accounts must be at least 2: a transfer needs two");
        }
        return accounts;
    }

    private static Set<FaultKind> faults(String list) {
        Set<FaultKind> faults = EnumSet.noneOf(FaultKind.class);
        if (!list.equals("none")) {
            for (String label : list.split(",")) {
                faults.add(FaultKind.named(label.trim()));
            }
        }
        return faults;
    }
}
