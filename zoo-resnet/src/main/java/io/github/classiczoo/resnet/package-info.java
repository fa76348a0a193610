/**
 * zoo-resnet: He et al. 2015's ResNets — the ImageNet networks of Table 1 in the paper's layout and in torchvision's, whose
 * vertex names are its module paths so that its weights import by name ({@link io.github.classiczoo.resnet.ResNet}), and
 * the CIFAR-10 networks of §4.2 ({@link io.github.classiczoo.resnet.CifarResNet}); the paper layout and the CIFAR networks
 * also build as the plain nets the paper compares against. A user starts from {@link io.github.classiczoo.resnet.ResNets},
 * whose factories return a {@link io.github.classiczoo.core.model.ModelBuilder} with the model's knobs (shortcut option,
 * residual, width) as typed setters; {@link io.github.classiczoo.resnet.ResNetFamily} registers the models with zoo-core's
 * registry. Depends on zoo-core alone. Documented in docs/java.md and docs/models.md in the repository.
 */
package io.github.classiczoo.resnet;
