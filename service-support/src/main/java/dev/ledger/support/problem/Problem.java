package dev.ledger.support.problem;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.net.URI;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * An RFC 9457 problem detail, the body of every error both services return as
 * {@code application/problem+json}. {@code type} is stable per rule; {@code extensions} carry
 * details such as {@code accountId} or the invalid fields.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(
        name = "Problem",
        additionalProperties = Schema.True.class,
        description = "An RFC 9457 problem detail. Some types add members, e.g. accountId, currentVersion or errors[]"
                + " (each field and message).")
public record Problem(
        @Schema(description = "Stable URI of the rule, https://ledger.example/problems/{slug}")
        URI type,

        @Schema(description = "The same for every problem of this type")
        String title,

        @Schema(description = "The HTTP status of this answer")
        int status,

        @Schema(description = "What went wrong with this request")
        String detail,

        @Schema(description = "The request path") String instance,
        @Schema(hidden = true) @JsonAnyGetter Map<String, Object> extensions) {

    public static final String MEDIA_TYPE = "application/problem+json";
    private static final String BASE = "https://ledger.example/problems/";

    public Problem {
        extensions = extensions == null ? Map.of() : Map.copyOf(extensions);
    }

    /** The stable type URI of a rule, e.g. {@code insufficient-funds}. */
    public static URI type(String slug) {
        return URI.create(BASE + slug);
    }
}
