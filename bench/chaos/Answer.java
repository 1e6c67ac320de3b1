import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What one attempt got: an answer's status, body and Location, or {@link #NONE}. */
record Answer(int status, String body, String location, Duration retryAfter) {

    /** No answer: refused, reset, or nothing within the request's timeout. */
    static final Answer NONE = new Answer(0, "", null, Duration.ZERO);

    private static final Pattern PROBLEM_TYPE = Pattern.compile("\"type\"\\s*:\\s*\"[^\"]*/([^\"/]+)\"");

    static Answer of(HttpResponse<String> response) {
        return new Answer(
                response.statusCode(),
                response.body(),
                response.headers().firstValue("Location").orElse(null),
                response.headers()
                        .firstValue("Retry-After")
                        .map(Answer::seconds)
                        .orElse(Duration.ZERO));
    }

    private static Duration seconds(String retryAfter) {
        try {
            return Duration.ofSeconds(Long.parseLong(retryAfter.trim()));
        } catch (NumberFormatException anHttpDate) {
            return Duration.ZERO;
        }
    }

    /**
     * Whether the ledger decided: a success, or a refusal of the request itself (4xx but 408 and
     * 429). A repeat with the same key must get it again, byte for byte; anything else is retried.
     */
    boolean decided() {
        return status >= 200 && status < 300 || status >= 400 && status < 500 && status != 408 && status != 429;
    }

    boolean acknowledged() {
        return status >= 200 && status < 300;
    }

    /** The same decision as {@code other}, as a repeat with the same Idempotency-Key must get. */
    boolean sameAs(Answer other) {
        return status == other.status && body.equals(other.body) && Objects.equals(location, other.location);
    }

    /** A refusal's problem type, the last segment of its {@code type} URI, e.g. insufficient-funds. */
    String problemType() {
        Matcher type = PROBLEM_TYPE.matcher(body);
        return type.find() ? type.group(1) : "status " + status;
    }

    @Override
    public String toString() {
        return this == NONE ? "no answer" : status + " " + body;
    }
}
