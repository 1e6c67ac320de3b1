import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** What the driver reads from a query replica (docs/query-api.md); empty while it cannot answer. */
final class QueryApi {

    /** An account's balance and version, on either side. */
    record AccountState(long balance, long version) {}

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http;
    private final String token;

    /** @param token the bearer token every query carries */
    QueryApi(HttpClient http, String token) {
        this.http = http;
        this.token = token;
    }

    Optional<AccountState> account(PackagedService replica, UUID id) throws InterruptedException {
        return get(replica, "/accounts/" + id)
                .map(account -> new AccountState(
                        account.get("balance").asLong(), account.get("version").asLong()));
    }

    Optional<List<CurrencyTotal>> totals(PackagedService replica) throws InterruptedException {
        return get(replica, "/ledger/totals").map(rows -> {
            List<CurrencyTotal> totals = new ArrayList<>();
            rows.forEach(row -> totals.add(new CurrencyTotal(
                    row.get("currency").asText(),
                    row.get("totalBalance").asLong(),
                    row.get("openAccounts").asLong())));
            return totals;
        });
    }

    private Optional<JsonNode> get(PackagedService replica, String path) throws InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(replica.uri(path))
                .header("Authorization", "Bearer " + token)
                .timeout(Duration.ofSeconds(5))
                .build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 ? Optional.of(JSON.readTree(response.body())) : Optional.empty();
        } catch (IOException down) {
            return Optional.empty();
        }
    }
}
