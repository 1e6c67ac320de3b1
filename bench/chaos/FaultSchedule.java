import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * When each fault strikes and how long it lasts, drawn from the seed: every kind asked for, as many
 * rounds as asked, in a shuffled order, one to a slot of the load after a quiet start, at a random
 * moment in the first half of its slot.
 */
final class FaultSchedule {

    /** One fault: when after the load's start, and how long its outage lasts. */
    record PlannedFault(Duration at, FaultKind kind, Duration outage) {}

    private FaultSchedule() {}

    static List<PlannedFault> plan(Random random, Set<FaultKind> kinds, int rounds, Duration load) {
        List<FaultKind> order = new ArrayList<>();
        for (int round = 0; round < rounds; round++) {
            order.addAll(kinds);
        }
        Collections.shuffle(order, random);
        if (order.isEmpty()) {
            return List.of();
        }
        long quietStart = Math.min(10_000, load.toMillis() / 6);
        long slot = (load.toMillis() - quietStart) / order.size();
        List<PlannedFault> plan = new ArrayList<>();
        for (int i = 0; i < order.size(); i++) {
            long at = quietStart + i * slot + (long) (random.nextDouble() * slot / 2);
            FaultKind kind = order.get(i);
            plan.add(new PlannedFault(Duration.ofMillis(at), kind, kind.outage(random)));
        }
        return List.copyOf(plan);
    }
}
