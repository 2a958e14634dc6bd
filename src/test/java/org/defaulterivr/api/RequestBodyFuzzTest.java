package org.defaulterivr.api;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.defaulterivr.numbers.PhoneNumbers;
import org.defaulterivr.registry.CaseDraft;
import org.defaulterivr.registry.CaseRules;
import org.defaulterivr.registry.InvalidCaseException;
import org.defaulterivr.registry.ValidCase;

/**
 * Generated JSON bodies (10,000 per body type) through everything a registration or an amendment goes through before
 * it reaches the database: parsing, typed fields, the case rules. Each is refused with a problem naming what is wrong
 * (a {@link Problem} or an {@link InvalidCaseException}, which the API answers as 4xx), or accepted as a case that
 * keeps every rule; nothing else may happen (no other exception: it would be a 500).
 */
class RequestBodyFuzzTest {
    private static final Instant NOW = Instant.parse("2026-11-25T08:00:00Z");
    private static final CaseRules RULES = new CaseRules(new PhoneNumbers("CN"), Duration.ofDays(730));
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    @Property(tries = 10_000, edgeCases = EdgeCasesMode.NONE)
    void registrationBodiesAreRefusedByFieldOrKeepEveryRule(@ForAll("registrationBodies") byte[] body) {
        try {
            Requests.Fields fields = new Requests.Fields(Requests.parse(body), CaseRoutes.REGISTER_FIELDS);
            CaseDraft draft = CaseRoutes.draft(fields);
            CaseRoutes.NoticeRequest.from(fields, "notice");
            fields.check();
            assertKeepsTheRules(RULES.register(draft, NOW));
        } catch (Problem | InvalidCaseException refused) {
            assertTrue(refused.getMessage() != null);
        }
    }

    @Property(tries = 10_000, edgeCases = EdgeCasesMode.NONE)
    void amendmentBodiesAreRefusedByFieldOrKeepEveryRule(@ForAll("amendmentBodies") byte[] body) {
        ValidCase current = RULES.register(new CaseDraft("C-1", "basis", "Zhang San", "****1234", true, "100", "CNY",
                List.of("13800000000"), null, "2027-01-01T00:00:00Z", null), NOW);
        try {
            Requests.Fields fields = new Requests.Fields(Requests.parse(body), CaseRoutes.AMEND_FIELDS);
            CaseDraft patch = CaseRoutes.draft(fields);
            CaseRoutes.NoticeRequest.from(fields, "notice");
            fields.integer("version");
            fields.check();
            assertKeepsTheRules(RULES.amend(current, patch, NOW));
        } catch (Problem | InvalidCaseException refused) {
            assertTrue(refused.getMessage() != null);
        }
    }

    private static void assertKeepsTheRules(ValidCase valid) {
        assertTrue(valid.amount().signum() > 0, "amount " + valid.amount());
        assertTrue(valid.numbers().stream().allMatch(n -> n.matches("\\+[1-9][0-9]{6,14}")), valid.numbers().toString());
        assertTrue(!valid.validFrom().isBefore(CaseRules.EARLIEST_START), valid.validFrom().toString());
        assertTrue(valid.validUntil().isAfter(valid.validFrom()));
        assertTrue(Duration.between(valid.validFrom(), valid.validUntil()).compareTo(Duration.ofDays(730)) <= 0);
        for (String text : List.of(valid.caseNumber(), valid.legalBasis(), valid.debtorName())) {
            assertTrue(CaseRules.wellFormed(text) && text.chars().noneMatch(Character::isISOControl), text);
        }
    }

    @Provide
    Arbitrary<byte[]> registrationBodies() {
        return bodies(CaseRoutes.REGISTER_FIELDS);
    }

    @Provide
    Arbitrary<byte[]> amendmentBodies() {
        return bodies(CaseRoutes.AMEND_FIELDS);
    }

    /** Mostly objects of the right fields with hostile values; some with junk fields; some raw mutated bytes. */
    private static Arbitrary<byte[]> bodies(Set<String> fieldSet) {
        List<String> fields = new ArrayList<>(fieldSet);
        fields.add("unknown");
        fields.add("__proto__");
        Arbitrary<ObjectNode> objects = Combinators.combine(
                        Arbitraries.of(fields).list().ofMaxSize(14),
                        values().list().ofMaxSize(14))
                .as((names, values) -> {
                    ObjectNode object = NODES.objectNode();
                    for (int i = 0; i < Math.min(names.size(), values.size()); i++) {
                        object.set(names.get(i), values.get(i));
                    }
                    return object;
                });
        Arbitrary<byte[]> encoded = objects.map(RequestBodyFuzzTest::encode);
        Arbitrary<byte[]> mutated = Combinators.combine(encoded, Arbitraries.integers().between(0, 400),
                        Arbitraries.bytes(), Arbitraries.integers().between(0, 2))
                .as((bytes, at, value, how) -> mutate(bytes, at, value, how));
        Arbitrary<byte[]> raw = Arbitraries.strings().all().ofMaxLength(200).map(s -> s.getBytes(StandardCharsets.UTF_8));
        return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(6, encoded), net.jqwik.api.Tuple.of(3, mutated),
                net.jqwik.api.Tuple.of(1, raw));
    }

    private static byte[] mutate(byte[] bytes, int at, byte value, int how) {
        if (bytes.length == 0) {
            return bytes;
        }
        int i = at % bytes.length;
        return switch (how) {
            case 0 -> {
                byte[] copy = bytes.clone();
                copy[i] = value;
                yield copy;
            }
            case 1 -> java.util.Arrays.copyOf(bytes, i);
            default -> {
                byte[] copy = java.util.Arrays.copyOf(bytes, bytes.length + 1);
                System.arraycopy(bytes, i, copy, i + 1, bytes.length - i);
                copy[i] = value;
                yield copy;
            }
        };
    }

    private static byte[] encode(JsonNode node) {
        try {
            return JSON.writeValueAsBytes(node);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Values a field may be given: well-formed ones, near misses and hostile ones, of every JSON type. */
    private static Arbitrary<JsonNode> values() {
        Arbitrary<String> dates = Arbitraries.of("2026-12-01T00:00:00Z", "2027-06-01T00:00:00+08:00",
                "+999999999-12-31T23:59:59Z", "-999999999-01-01T00:00:00Z", "100000-01-01T00:00:00Z",
                "1999-12-31T23:59:59Z", "2026-02-30T00:00:00Z", "2026-11-25T08:00:00", "now", "",
                "2026-11-25T08:00:00.123456789Z", "2026-11-25T08:00:00+18:00", "2026-11-25T08:00:00-18:00");
        Arbitrary<String> numbers = Arbitraries.of("13800000000", "+8613800000000", "1380000ABCD", "+86 (138) 0000-0000",
                "00861390000000", "110", "+", "", "１３８００００００００", "+1 202 555 0100", "1".repeat(41),
                "138-0000-0000 ext. 1", "+8613800000000\u0000");
        Arbitrary<String> amounts = Arbitraries.of("12345.67", "0", "0.00", "-1", "1e999999", "1E+3", "0.001", "NaN",
                "Infinity", "9".repeat(17), "9".repeat(100), "1,000.00", " 12 ", "1.5", "0x10");
        Arbitrary<String> texts = Arbitraries.strings().all().ofMaxLength(60);
        Arbitrary<String> hostile = Arbitraries.of("Zhang \uD800 San", "\uDC00", "=HYPERLINK(\"x\")",
                "110101199003071234", "Zhang 11010119900307123X", "a\u0000b", "\r\n", "𝕏".repeat(150),
                "'; drop table defaulter_case; --", "CNY", "cny", "XXX", "**************123X");
        Arbitrary<String> anyText = Arbitraries.oneOf(dates, numbers, amounts, texts, hostile);
        Arbitrary<JsonNode> textNodes = anyText.map(NODES::textNode);
        Arbitrary<JsonNode> scalars = Arbitraries.oneOf(textNodes,
                Arbitraries.bigDecimals().map(NODES::numberNode),
                Arbitraries.longs().map(NODES::numberNode),
                Arbitraries.doubles().map(NODES::numberNode),
                Arbitraries.of(true, false).map(NODES::booleanNode),
                Arbitraries.just(NODES.nullNode()));
        Arbitrary<JsonNode> arrays = Arbitraries.oneOf(textNodes, scalars).list().ofMaxSize(25).map(items -> {
            ArrayNode array = NODES.arrayNode();
            items.forEach(array::add);
            return array;
        });
        Arbitrary<JsonNode> notices = Arbitraries.oneOf(
                Arbitraries.longs().map(id -> NODES.objectNode().put("id", id)),
                texts.map(t -> NODES.objectNode().put("template", t)),
                scalars.map(v -> (JsonNode) NODES.objectNode().set("id", v)));
        return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(6, textNodes), net.jqwik.api.Tuple.of(2, scalars),
                net.jqwik.api.Tuple.of(2, arrays), net.jqwik.api.Tuple.of(1, notices));
    }
}
