package dev.ledger.contracts;

import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterContainer;

/**
 * What a consumer may receive from the topic, whatever a producer or a broken broker wrote: the
 * codec either decodes it or throws {@link MalformedEvent}, which sends it to the dead-letter topic,
 * and nothing else (an unexpected exception would stop the consumer). The inputs are arbitrary bytes
 * and mutations of every valid event: a field removed, a field's value replaced by any JSON value,
 * a field added, the text cut short or a character inserted.
 */
class AccountEventCodecFuzzTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final AtomicLong TRIED = new AtomicLong();
    private static final AtomicLong DECODED = new AtomicLong();
    private static final AtomicLong REFUSED = new AtomicLong();

    /** A CloudEvents type and the data a consumer got with it. */
    record Delivery(String ceType, String data) {}

    /** A valid event's type and its data as a JSON tree, to mutate. */
    private record Valid(String ceType, ObjectNode data) {}

    @Property(tries = 3000)
    void shouldDecodeOrRefuseAsMalformed(@ForAll("deliveries") Delivery delivery) {
        TRIED.incrementAndGet();
        try {
            AccountEventCodec.fromJson(delivery.ceType(), delivery.data());
            DECODED.incrementAndGet();
        } catch (MalformedEvent refused) {
            // what the consumer sends to the dead-letter topic
            REFUSED.incrementAndGet();
        } catch (RuntimeException | Error other) {
            fail("neither decoded nor MalformedEvent for " + delivery + ": " + other, other);
        }
    }

    @AfterContainer
    static void report() {
        System.out.printf(
                "event codec fuzz: %d deliveries tried, %d decoded, %d refused as malformed, %d failed otherwise%n",
                TRIED.get(), DECODED.get(), REFUSED.get(), TRIED.get() - DECODED.get() - REFUSED.get());
    }

    /** Mostly an event mutated under its own type; else any type with any data. */
    @Provide
    Arbitrary<Delivery> deliveries() {
        Arbitrary<Delivery> mutated = Arbitraries.of(validEvents())
                .flatMap(valid -> mutations(valid.data()).map(data -> new Delivery(valid.ceType(), data)));
        Arbitrary<String> types = Arbitraries.oneOf(
                Arbitraries.of(
                        Arrays.stream(EventType.values()).map(EventType::ceType).toList()),
                Arbitraries.strings().ofMaxLength(40),
                Arbitraries.just(null));
        Arbitrary<String> data = Arbitraries.oneOf(arbitraryBytes(), Arbitraries.just(null));
        return Arbitraries.frequencyOf(
                Tuple.of(4, mutated),
                Tuple.of(1, Combinators.combine(types, data).as(Delivery::new)));
    }

    private static Arbitrary<String> arbitraryBytes() {
        return Arbitraries.bytes().array(byte[].class).ofMaxSize(200).map(b -> new String(b, StandardCharsets.UTF_8));
    }

    private static Arbitrary<String> mutations(ObjectNode valid) {
        // each mutation works on its own copy: jqwik reuses generated values when it shrinks
        Arbitrary<ObjectNode> event = Arbitraries.just(valid);
        return Arbitraries.oneOf(
                Combinators.combine(event, Arbitraries.integers().between(0, 20), anyJsonValue())
                        .as(AccountEventCodecFuzzTest::replaceAField),
                Combinators.combine(event, Arbitraries.integers().between(0, 20))
                        .as(AccountEventCodecFuzzTest::removeAField),
                Combinators.combine(event, Arbitraries.strings().ofMaxLength(10), anyJsonValue())
                        .as((node, name, value) ->
                                node.deepCopy().set(name, value).toString()),
                Combinators.combine(
                                event.map(JsonNode::toString),
                                Arbitraries.integers().between(0, 400))
                        .as((text, at) -> text.substring(0, Math.min(at, text.length()))),
                Combinators.combine(
                                event.map(JsonNode::toString),
                                Arbitraries.integers().between(0, 400),
                                Arbitraries.chars())
                        .as((text, at, c) -> {
                            int position = Math.min(at, text.length());
                            return text.substring(0, position) + c + text.substring(position);
                        }));
    }

    private static String replaceAField(ObjectNode event, int index, JsonNode value) {
        List<String> names = fieldNames(event);
        return event.deepCopy().set(names.get(index % names.size()), value).toString();
    }

    private static String removeAField(ObjectNode event, int index) {
        List<String> names = fieldNames(event);
        ObjectNode copy = event.deepCopy();
        copy.remove(names.get(index % names.size()));
        return copy.toString();
    }

    private static List<String> fieldNames(ObjectNode event) {
        List<String> names = new ArrayList<>();
        event.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static Arbitrary<JsonNode> anyJsonValue() {
        JsonNodeFactory nodes = JsonNodeFactory.instance;
        return Arbitraries.oneOf(
                Arbitraries.just(nodes.nullNode()),
                Arbitraries.of(true, false).map(nodes::booleanNode),
                Arbitraries.longs().map(nodes::numberNode),
                Arbitraries.bigDecimals().map(nodes::numberNode),
                Arbitraries.strings().ofMaxLength(50).map(nodes::textNode),
                Arbitraries.of("2026-11-23T09:30:00Z", "not-a-time", "00000000-0000-0000-0000-000000000000", "EUR")
                        .map(nodes::textNode),
                Arbitraries.just(nodes.arrayNode().add(1)),
                Arbitraries.just(nodes.objectNode().put("nested", 1)));
    }

    private static List<Valid> validEvents() {
        return AccountEventCodecTest.everyEvent()
                .map(event -> new Valid(event.type().ceType(), wire(event)))
                .toList();
    }

    private static ObjectNode wire(AccountEvent event) {
        try {
            return (ObjectNode) JSON.readTree(AccountEventCodec.toJson(event));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
