package io.github.classiczoo.core.model;

/**
 * One stage of a backbone, as timm's {@code feature_info} and torchvision's {@code create_feature_extractor} name them:
 * ResNet's {@code layer1}…{@code layer4} (C2–C5), GoogLeNet's {@code inception4e}. A model declares its stages with
 * {@link ZooModel#stages(ModelSpec)}; {@link Features} computes them.
 *
 * @param name     what the stage is called: torchvision's node name where there is one ({@code layer3}), else the vertex's
 * @param vertex   the graph vertex whose output is the stage's output ({@code layer3.5.relu})
 * @param channels channels of the output map, or units of a vector
 * @param stride   input pixels per output pixel along each side: the product of the strides from the input (timm's
 *                 {@code reduction}; a map of valid convolutions is smaller than input / stride); 0 for a vector (a dense
 *                 layer's units, no map)
 */
public record Stage(String name, String vertex, int channels, int stride) {

    public Stage {
        if (name == null || name.isBlank() || vertex == null || vertex.isBlank()) {
            throw new IllegalArgumentException("a stage needs a name and a vertex; got '" + name + "', '" + vertex + "'");
        }
        if (channels < 1 || stride < 0) {
            throw new IllegalArgumentException("stage " + name + ": channels must be at least 1 and stride at least 0; got "
                    + channels + ", " + stride);
        }
    }

    /** A stage named after its vertex. */
    public Stage(String vertex, int channels, int stride) {
        this(vertex, vertex, channels, stride);
    }

    /** A vector stage (stride 0): a dense layer's {@code units}, named after its vertex. */
    public static Stage dense(String vertex, int units) {
        return new Stage(vertex, vertex, units, 0);
    }

    /** Whether the output is a map {@code [N, channels, H, W]}, not a vector {@code [N, units]}. */
    public boolean isMap() {
        return stride > 0;
    }
}
