package io.github.classiczoo.core.util;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.UncheckedIOException;
import org.junit.jupiter.api.Test;

/** Issue 27: untrusted JSON is refused in one line, however deep it nests; a person's file may not repeat a key. */
class JsonTest {

    private static String nested(int levels, String open, String close) {
        return open.repeat(levels) + close.repeat(levels);
    }

    private static String refused(String text, boolean strict) {
        String m = assertThrows(UncheckedIOException.class, () -> {
            if (strict) {
                Json.readStrict(text);
            } else {
                Json.read(text);
            }
        }).getMessage();
        assertEquals(1, m.lines().count(), "one line: " + m);
        return m;
    }

    /** 100,000 '[' overflowed the stack of Jackson's tree builder (a StackOverflowError and a 1,000-line trace). */
    @Test
    void deepNestingIsRefusedNotAStackOverflow() {
        for (boolean strict : new boolean[] {false, true}) {
            String m = refused(nested(100_000, "[", "]"), strict);
            assertTrue(m.contains("JSON nested deeper than " + Json.MAX_DEPTH + " levels"), m);
            assertTrue(m.contains("column " + (Json.MAX_DEPTH + 1)), "where the limit was passed: " + m);
            m = refused("{\"a\":".repeat(100_000), strict); // unclosed objects: refused at the limit, not at the end
            assertTrue(m.contains("JSON nested deeper than " + Json.MAX_DEPTH + " levels"), m);
        }
    }

    @Test
    void nestingUpToTheLimitIsRead() {
        assertEquals(1, Json.read(nested(Json.MAX_DEPTH, "[", "]")).size());
        assertEquals(1, Json.readStrict(nested(Json.MAX_DEPTH, "[", "]")).size());
        assertTrue(refused(nested(Json.MAX_DEPTH + 1, "[", "]"), false).contains("nested deeper"));
        assertEquals(7, Json.read("{\"a\": [1, {\"b\": 7}]}").get("a").get(1).get("b").asInt());
    }

    /** Jackson's own messages go on with an excerpt of the source on a second line; what the zoo prints is one line. */
    @Test
    void malformedJsonIsOneLineWithItsPlace() {
        String m = refused("{\n  \"params\": ", false);
        assertTrue(m.startsWith("invalid JSON: ") && m.contains("line 2"), m);
    }

    @Test
    void theStrictReaderRefusesRepeatedKeysAndTrailingContent() {
        assertEquals(2, Json.read("{\"lr\": 1, \"lr\": 2}").get("lr").asInt(), "the lenient reader: the last one wins");
        assertTrue(refused("{\"lr\": 1, \"lr\": 2}", true).contains("Duplicate field 'lr'"));
        assertTrue(refused("{\"p\": {\"lr\": 1, \"lr\": 2}}", true).contains("Duplicate field 'lr'"));
        assertEquals(1, Json.read("{\"a\": 1} {\"a\": 2}").get("a").asInt(), "the lenient reader: the first value");
        assertTrue(refused("{\"a\": 1} {\"a\": 2}", true).contains("more after the JSON value"));
        assertTrue(refused("{\"a\": 1}]", true).contains("line 1"));
        assertEquals(1, Json.readStrict("  {\"a\": 1}\n\n ").get("a").asInt(), "white space after the value is fine");
    }
}
