package dev.ledger.support.problem;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.net.URI;
import java.util.Map;

/**
 * An RFC 9457 problem detail, the body of every error both services return as
 * {@code application/problem+json}. {@code type} is stable per rule; {@code extensions} carry
 * details such as {@code accountId} or the invalid fields.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(URI type, String title, int status, String detail, String instance,
                      @JsonAnyGetter Map<String, Object> extensions) {

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
