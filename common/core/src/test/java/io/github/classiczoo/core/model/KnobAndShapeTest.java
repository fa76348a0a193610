package io.github.classiczoo.core.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class KnobAndShapeTest {

    @Test
    void parsesInputShapes() {
        assertEquals(new InputShape(3, 224, 224), InputShape.parse("3,224,224"));
        assertEquals(new InputShape(1, 28, 28), InputShape.parse(" 1 x 28 x 28 "));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> InputShape.parse("224,224"));
        assertTrue(e.getMessage().contains("C,H,W"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> InputShape.parse("3,0,5"));
        assertThrows(IllegalArgumentException.class, () -> InputShape.parse("a,b,c"));
    }

    @Test
    void validatesKnobValues() {
        Knob w = Knob.decimal("width", 1.0, 0.25, 4.0, "multiplier");
        assertEquals("0.5", w.validate("0.5"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> w.validate("8")).getMessage().contains("[0.25, 4.0]"));
        assertThrows(IllegalArgumentException.class, () -> w.validate("wide"));
        Knob d = Knob.integer("depth", 50, 18, 152, "layers");
        assertEquals("101", d.validate("101"));
        assertThrows(IllegalArgumentException.class, () -> d.validate("1.5"));
        Knob c = Knob.choice("pool", Pool.MAX, List.of(Pool.MAX, Pool.AVG), "option");
        assertEquals(List.of("max", "avg"), c.choices(), "the choices are the constants' written forms");
        assertEquals("max", c.defaultValue());
        assertEquals("avg", c.validate("avg"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> c.validate("lp")).getMessage().contains("[max, avg]"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> c.validate("MAX")).getMessage().contains("[max, avg]"));
        Knob b = Knob.bool("aux", true, "aux heads");
        assertEquals("false", b.validate("FALSE"));
        assertThrows(IllegalArgumentException.class, () -> b.validate("yes"));
        assertThrows(IllegalArgumentException.class, () -> Knob.choice("x", Pool.LP, List.of(Pool.MAX), "bad default"));
    }

    /** A choice knob's enum: written as its {@code toString()}. */
    enum Pool {
        MAX, AVG, LP;

        @Override
        public String toString() {
            return io.github.classiczoo.core.util.Text.kebab(this);
        }
    }

    @Test
    void aChoiceKnobReadsBackAsItsEnum() {
        ModelSpec s = new ModelSpec(new InputShape(1, 28, 28), 10, java.util.Map.of("pool", "avg"), null);
        assertEquals(Pool.AVG, s.choice("pool", Pool.class));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> s.withKnob("pool", "Avg").choice("pool", Pool.class));
        assertEquals("knob pool must be max, avg or lp; got 'Avg'", e.getMessage());
    }
}
