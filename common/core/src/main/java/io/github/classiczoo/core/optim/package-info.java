/**
 * Updaters DL4J lacks: {@link io.github.classiczoo.core.optim.Momentum}, SGD with classical (heavy-ball) momentum as
 * Caffe, PyTorch and the AlexNet and ResNet papers use it (DL4J ships only Nesterov momentum). Pass it to
 * {@link io.github.classiczoo.core.model.ModelBuilder#updater} or {@link io.github.classiczoo.core.model.FineTune#updater}
 * like any DL4J updater; it is saved in model files, so it lives in zoo-core, which needs only deeplearning4j-nn and
 * nd4j-api.
 */
package io.github.classiczoo.core.optim;
