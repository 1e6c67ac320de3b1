package dev.ledger.support.fault;

import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * The fault switch's admin endpoint: {@code PUT} turns failing on ({@code ?share=0.25} for every
 * fourth request, all of them by default), {@code DELETE} off, {@code GET} tells. Not part of the
 * API: the ACD proxy serves it on its operations port only, and where the switch is not enabled it
 * answers 404 like any unknown path.
 */
@Path(FaultSwitchResource.PATH)
@Produces(MediaType.APPLICATION_JSON)
public class FaultSwitchResource {

    public static final String PATH = "/admin/fault";

    private final FaultSwitch faults;

    public FaultSwitchResource(FaultSwitch faults) {
        this.faults = faults;
    }

    /** The switch's state as the endpoint answers it: whether it is on, and the share that fails. */
    public record State(boolean failing, double share) {
        static State of(double share) {
            return new State(share > 0, share);
        }
    }

    @GET
    @Operation(hidden = true)
    public State get() {
        requireEnabled();
        return State.of(faults.share());
    }

    @PUT
    @Operation(hidden = true)
    public State fail(@QueryParam("share") @DefaultValue("1") double share) {
        requireEnabled();
        try {
            faults.set(share);
        } catch (IllegalArgumentException e) {
            throw new BadRequestException(e.getMessage());
        }
        return State.of(faults.share());
    }

    @DELETE
    @Operation(hidden = true)
    public State heal() {
        requireEnabled();
        faults.set(0);
        return State.of(0);
    }

    private void requireEnabled() {
        if (!faults.enabled()) {
            throw new NotFoundException("the fault switch is not enabled (ledger.fault-switch.enabled)");
        }
    }
}
