package io.github.classiczoo.core.util;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.nd4j.shade.jackson.core.JsonLocation;
import org.nd4j.shade.jackson.core.JsonParseException;
import org.nd4j.shade.jackson.core.JsonParser;
import org.nd4j.shade.jackson.core.JsonProcessingException;
import org.nd4j.shade.jackson.core.JsonToken;
import org.nd4j.shade.jackson.databind.DeserializationFeature;
import org.nd4j.shade.jackson.databind.JsonNode;
import org.nd4j.shade.jackson.databind.ObjectMapper;
import org.nd4j.shade.jackson.databind.SerializationFeature;

/**
 * JSON in and out with the Jackson that ND4J already ships (shaded), so no second copy is needed. Every read is of
 * untrusted text (model files, run directories, search spaces, npz members): it is refused with an
 * {@link UncheckedIOException} of one line — never a {@link StackOverflowError} — when it nests deeper than
 * {@link #MAX_DEPTH}.
 */
public final class Json {

    /**
     * How deep arrays and objects may nest. Jackson 2.13 (ND4J's shaded copy) has no {@code StreamReadConstraints}, and
     * its tree builder recurses once per level, so 100,000 {@code [} overflow the stack; the zoo's own files nest
     * fewer than ten levels.
     */
    public static final int MAX_DEPTH = 100;

    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final ObjectMapper STRICT = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private Json() {
    }

    /** Pretty-printed JSON of maps, lists, strings, numbers and booleans. */
    public static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON: " + e.getMessage(), e);
        }
    }

    /** The same JSON on one line, without spaces (file headers, metadata values). */
    public static String writeCompact(Object value) {
        try {
            return MAPPER.writer().without(org.nd4j.shade.jackson.databind.SerializationFeature.INDENT_OUTPUT).writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON: " + e.getMessage(), e);
        }
    }

    /** The first JSON value of {@code text} (anything after it is ignored, as Jackson's {@code readTree} does). */
    public static JsonNode read(String text) {
        return read(MAPPER, text);
    }

    /**
     * As {@link #read}, for a file a person writes (a search space): a key given twice in one object, or anything but
     * white space after the value, is refused instead of one of the two values winning silently.
     */
    public static JsonNode readStrict(String text) {
        return read(STRICT, text);
    }

    private static JsonNode read(ObjectMapper mapper, String text) {
        try {
            checkDepth(mapper, text, mapper == STRICT);
            return mapper.readTree(text);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("invalid JSON: " + oneLine(e), e);
        } catch (IOException e) {
            throw new UncheckedIOException("invalid JSON: " + e.getMessage(), e);
        }
    }

    /**
     * Walks the first value's tokens with the streaming parser (no recursion, one context per open level) and refuses it
     * when it opens more than {@link #MAX_DEPTH} levels, before the tree builder would recurse into them; when
     * {@code nothingAfter}, refuses a second value after the first too.
     */
    private static void checkDepth(ObjectMapper mapper, String text, boolean nothingAfter) throws IOException {
        try (JsonParser p = mapper.getFactory().createParser(text)) {
            int depth = 0;
            for (JsonToken t = p.nextToken(); t != null; t = p.nextToken()) {
                if (t == JsonToken.START_ARRAY || t == JsonToken.START_OBJECT) {
                    if (++depth > MAX_DEPTH) {
                        throw new JsonParseException(p, "JSON nested deeper than " + MAX_DEPTH + " levels", p.getTokenLocation());
                    }
                } else if (t == JsonToken.END_ARRAY || t == JsonToken.END_OBJECT) {
                    depth--;
                }
                if (depth == 0) { // the first value is complete
                    if (nothingAfter && p.nextToken() != null) {
                        throw new JsonParseException(p, "more after the JSON value (only white space may follow it)");
                    }
                    return;
                }
            }
        }
    }

    /** Jackson's message without the excerpt of the source it appends on further lines, with where the problem is. */
    private static String oneLine(JsonProcessingException e) {
        String m = e.getOriginalMessage();
        m = m == null ? e.getClass().getSimpleName() : m.lines().findFirst().orElse(m);
        JsonLocation at = e.getLocation();
        return at == null || at.getLineNr() < 1 ? m : m + " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")";
    }
}
