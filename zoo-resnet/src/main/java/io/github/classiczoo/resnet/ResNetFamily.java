package io.github.classiczoo.resnet;

import io.github.classiczoo.core.model.ModelProvider;
import io.github.classiczoo.core.model.Paper;
import io.github.classiczoo.core.model.ZooModel;
import java.util.ArrayList;
import java.util.List;

/** He, Zhang, Ren, Sun 2015: the ImageNet ResNets of Table 1, their torchvision layouts, and the CIFAR ResNets of §4.2. */
public final class ResNetFamily implements ModelProvider {

    public static final Paper PAPER = new Paper("K. He, X. Zhang, S. Ren, J. Sun", 2015,
            "Deep Residual Learning for Image Recognition", "CVPR 2016 (arXiv:1512.03385)");

    @Override
    public List<ZooModel> models() {
        List<ZooModel> out = new ArrayList<>();
        for (ResNet.Depth d : ResNet.Depth.values()) {
            out.add(new ResNet(d, ResNet.Layout.PAPER));
        }
        for (ResNet.Depth d : ResNet.Depth.values()) {
            out.add(new ResNet(d, ResNet.Layout.TORCHVISION));
        }
        for (int depth : CifarResNet.DEPTHS) {
            out.add(new CifarResNet(depth));
        }
        return out;
    }

}
