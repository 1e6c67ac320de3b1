package dev.ledger.devservices.deployment;

import dev.ledger.devstack.RunningStack;
import dev.ledger.devstack.StackDirectory;
import io.quarkus.builder.item.SimpleBuildItem;
import java.util.Set;

/** The local stack this application uses, and what it stands in for: what the Dev UI card shows. */
public final class SharedStackBuildItem extends SimpleBuildItem {

    private final StackDirectory directory;
    private final RunningStack stack;
    private final Set<StandIn> standIns;

    SharedStackBuildItem(StackDirectory directory, RunningStack stack, Set<StandIn> standIns) {
        this.directory = directory;
        this.stack = stack;
        this.standIns = standIns;
    }

    StackDirectory directory() {
        return directory;
    }

    RunningStack stack() {
        return stack;
    }

    Set<StandIn> standIns() {
        return standIns;
    }
}
