package dev.realtime.core.internal.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/**
 * The project's one JSON configuration (ISO-8601 instants, unknown properties ignored), handed out only as
 * immutable readers and writers: the shared mapper itself is not reachable, so no caller can reconfigure it for
 * every other module.
 */
public final class Json {
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    private static final ObjectReader READER = MAPPER.reader();
    private static final ObjectWriter WRITER = MAPPER.writer();

    private Json() {
    }

    /** An immutable reader; derive variants with its {@code with...}/{@code forType} methods. */
    public static ObjectReader reader() {
        return READER;
    }

    /** An immutable writer; derive variants with its {@code with...} methods. */
    public static ObjectWriter writer() {
        return WRITER;
    }

    /** A new empty JSON object. */
    public static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    /** Any value as a tree, with the shared configuration. */
    public static JsonNode tree(Object value) {
        return MAPPER.valueToTree(value);
    }

    /** A value converted to another type through its JSON form, for example a tree to a {@code Map}. */
    public static <T> T convert(Object value, Class<T> type) {
        return MAPPER.convertValue(value, type);
    }

    /** Like {@link #convert(Object, Class)}, for generic types. */
    public static <T> T convert(Object value, TypeReference<T> type) {
        return MAPPER.convertValue(value, type);
    }

    /** A tree bound to a type. */
    public static <T> T fromTree(JsonNode tree, Class<T> type) throws JsonProcessingException {
        return MAPPER.treeToValue(tree, type);
    }
}
