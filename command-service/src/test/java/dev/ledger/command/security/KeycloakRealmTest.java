package dev.ledger.command.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ledger.support.security.LedgerRoles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The example Keycloak realm (docs/keycloak/ledger-realm.json) grants the roles the services check,
 * and its client's tokens carry what they read: the roles in {@code groups}, {@code ledger} in the
 * audience. No Keycloak runs here; this keeps the example from drifting away from the code.
 */
class KeycloakRealmTest {

    private static final Path REALM = Path.of("..", "docs", "keycloak", "ledger-realm.json");

    @Test
    void shouldDefineTheRolesTheServicesCheck() throws IOException {
        Set<String> roles = new TreeSet<>();
        realm().path("roles")
                .path("realm")
                .forEach(role -> roles.add(role.path("name").asText()));
        assertEquals(new TreeSet<>(Set.of(LedgerRoles.WRITER, LedgerRoles.READER, LedgerRoles.ADMIN)), roles);
    }

    @Test
    void shouldPutTheRolesInGroupsAndTheLedgerInTheAudienceOfTheClientsTokens() throws IOException {
        boolean groups = false;
        boolean audience = false;
        for (JsonNode client : realm().path("clients")) {
            for (JsonNode mapper : client.path("protocolMappers")) {
                JsonNode config = mapper.path("config");
                groups |= "oidc-usermodel-realm-role-mapper"
                                .equals(mapper.path("protocolMapper").asText())
                        && "groups".equals(config.path("claim.name").asText())
                        && "true".equals(config.path("access.token.claim").asText());
                audience |= "oidc-audience-mapper"
                                .equals(mapper.path("protocolMapper").asText())
                        && "ledger"
                                .equals(config.path("included.client.audience").asText())
                        && "true".equals(config.path("access.token.claim").asText());
            }
        }
        assertTrue(groups, "a mapper writing the realm roles into the access token's groups claim");
        assertTrue(audience, "a mapper putting ledger into the access token's audience");
    }

    private static JsonNode realm() throws IOException {
        return new ObjectMapper().readTree(REALM.toFile());
    }
}
