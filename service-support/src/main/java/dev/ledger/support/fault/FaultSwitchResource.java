package dev.ledger.support.fault;

import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * The fault switch's admin endpoint: {@code PUT} turns failing on, {@code DELETE} off, {@code GET}
 * tells. Not part of the API: the ACD proxy serves it on its operations port only, and where the
 * switch is not enabled it answers 404 like any unknown path.
 */
@Path(FaultSwitchResource.PATH)
@Produces(MediaType.APPLICATION_JSON)
public class FaultSwitchResource {

    public static final String PATH = "/admin/fault";

    private final FaultSwitch faults;

    public FaultSwitchResource(FaultSwitch faults) {
        this.faults = faults;
    }

    /** The switch's state as the endpoint answers it. */
    public record State(boolean failing) {}

    @GET
    @Operation(hidden = true)
    public State get() {
        requireEnabled();
        return new State(faults.failing());
    }

    @PUT
    @Operation(hidden = true)
    public State fail() {
        return state(true);
    }

    @DELETE
    @Operation(hidden = true)
    public State heal() {
        return state(false);
    }

    private State state(boolean failing) {
        requireEnabled();
        faults.set(failing);
        return new State(faults.failing());
    }

    private void requireEnabled() {
        if (!faults.enabled()) {
            throw new NotFoundException("the fault switch is not enabled (ledger.fault-switch.enabled)");
        }
    }
}
