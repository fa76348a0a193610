package io.github.classiczoo.lenet;

import io.github.classiczoo.core.model.ModelProvider;
import io.github.classiczoo.core.model.Paper;
import io.github.classiczoo.core.model.ZooModel;
import java.util.List;

/** The LeNet family and the fully connected baselines of the same paper, for the registry. */
public final class LeNetFamily implements ModelProvider {

    public static final Paper PAPER = new Paper("Y. LeCun, L. Bottou, Y. Bengio, P. Haffner", 1998,
            "Gradient-Based Learning Applied to Document Recognition", "Proceedings of the IEEE 86(11)");

    @Override
    public List<ZooModel> models() {
        return List.of(new LeNet1(), new LeNet4(), new LeNet4Boosted(), new LeNet5(), new LeNet5Modern(),
                Mlp.MLP_300, Mlp.MLP_1000, Mlp.MLP_300_100, Mlp.MLP_500_150);
    }

}
