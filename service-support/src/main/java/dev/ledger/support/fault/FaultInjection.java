package dev.ledger.support.fault;

import dev.ledger.support.problem.ProblemResponses;
import dev.ledger.support.problem.ProblemType;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.ext.Provider;
import java.util.Map;

/** While the fault switch is on, its share of the API requests (not the switch's own) answers 500 at once. */
@Provider
@PreMatching
public class FaultInjection implements ContainerRequestFilter {

    static final ProblemType FAULT_INJECTED = new ProblemType(500, "fault-injected", "Fault injected");

    private final FaultSwitch faults;

    public FaultInjection(FaultSwitch faults) {
        this.faults = faults;
    }

    @Override
    public void filter(ContainerRequestContext request) {
        String path = request.getUriInfo().getPath();
        if (!path.startsWith(FaultSwitchResource.PATH) && faults.failsNext()) {
            request.abortWith(ProblemResponses.of(FAULT_INJECTED.problem(
                    "the fault switch is on (" + FaultSwitchResource.PATH + ")", path, Map.of())));
        }
    }
}
