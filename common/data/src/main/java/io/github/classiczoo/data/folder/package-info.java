/**
 * ImageNet-style folder datasets: {@link io.github.classiczoo.data.folder.FolderSource} scans a folder of one sub-folder
 * per class (classes in name order, as torchvision's {@code ImageFolder}), checks every file's header and end before any
 * training, and decodes images on request; {@link io.github.classiczoo.data.folder.FolderLayout} finds a dataset's
 * {@code train/} and {@code val/} (or {@code test/}) parts. Files are read through a
 * {@link io.github.classiczoo.data.folder.FileTree}: this machine's filesystem, or another one named by a URI
 * ({@code hdfs://}, {@code s3a://}, ...) served by a provider on the class path, such as zoo-spark's. Documented in
 * docs/training.md in the repository.
 */
package io.github.classiczoo.data.folder;
