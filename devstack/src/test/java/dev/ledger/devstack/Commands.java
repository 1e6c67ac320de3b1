package dev.ledger.devstack;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** Sends the process-level tests' commands to a running command-service, as an admin. */
public final class Commands {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private Commands() {}

    /** POSTs {@code body} as JSON and returns the answer's body, which must come with {@code status}. */
    public static JsonNode post(ServiceProcess command, String path, String body, int status) throws Exception {
        HttpResponse<String> response = HTTP.send(
                Callers.adminRequest(command.uri(path))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(status, response.statusCode(), path + ": " + response.body());
        return JSON.readTree(response.body());
    }
}
