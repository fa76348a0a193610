/**
 * Helpers the zoo's modules share, published with zoo-core because they use them: atomic file writes and SHA-256s
 * ({@link io.github.classiczoo.core.util.Files2}), JSON with the Jackson ND4J ships, read as untrusted text
 * ({@link io.github.classiczoo.core.util.Json}), one process per directory ({@link io.github.classiczoo.core.util.DirectoryLock}),
 * cooperative stopping on a signal ({@link io.github.classiczoo.core.util.Stop}), enums written as words
 * ({@link io.github.classiczoo.core.util.Enums}) and terminal text ({@link io.github.classiczoo.core.util.Text}). What a
 * library user meets here is {@link io.github.classiczoo.core.util.ZooException}: a problem they can act on (a missing,
 * damaged or wrong file), its message naming the culprit; {@link io.github.classiczoo.core.util.WriteFailedException} is
 * one whose cause is the environment (a full disk, a read-only file system).
 */
package io.github.classiczoo.core.util;
