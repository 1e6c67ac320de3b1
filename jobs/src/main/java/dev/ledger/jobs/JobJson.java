package dev.ledger.jobs;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import jakarta.inject.Singleton;

/**
 * The JSON the jobs print and write, for people and machines alike: Quarkus's ObjectMapper
 * ({@code quarkus.jackson.*}: instants as ISO-8601), indented.
 */
@Singleton
public class JobJson {

    private final ObjectWriter writer;

    public JobJson(ObjectMapper objectMapper) {
        this.writer = objectMapper.writerWithDefaultPrettyPrinter();
    }

    public String write(Object value) throws JsonProcessingException {
        return writer.writeValueAsString(value);
    }
}
