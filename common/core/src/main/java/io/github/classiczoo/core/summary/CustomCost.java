package io.github.classiczoo.core.summary;

import org.deeplearning4j.nn.conf.inputs.InputType;

/**
 * Implemented by custom layer configurations whose multiply-accumulates and trainable parameters the
 * summary cannot infer from DL4J's standard layer types.
 */
public interface CustomCost {

    /** Multiply-accumulates for one example, given the layer's input and output types. */
    long macs(InputType input, InputType output);

    /** Trainable parameters (state such as running statistics and fixed constants excluded). */
    long trainableParams();
}
