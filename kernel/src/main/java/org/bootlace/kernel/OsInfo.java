package org.bootlace.kernel;

import java.util.Optional;

/**
 * The operating system on an image's root filesystem.
 *
 * @param root the root filesystem's volume, as {@code (hd0,msdos1) ext4 on ...}
 * @param rootFrom how it was found: {@code root=UUID=...}, {@code /etc/fstab}, or {@code the first
 *     Linux filesystem}
 * @param osReleasePath {@code /etc/os-release} or {@code /usr/lib/os-release}, where one exists
 * @param id os-release's {@code ID}
 * @param versionId os-release's {@code VERSION_ID}
 * @param prettyName os-release's {@code PRETTY_NAME}
 * @param machineId {@code /etc/machine-id}, where set
 */
public record OsInfo(
    String root,
    String rootFrom,
    Optional<String> osReleasePath,
    Optional<String> id,
    Optional<String> versionId,
    Optional<String> prettyName,
    Optional<String> machineId) {}
