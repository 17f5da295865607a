package org.bootlace.kernel;

import com.google.common.collect.ImmutableList;
import java.util.List;
import java.util.Optional;
import org.bootlace.BootRecord;

/**
 * What an image holds and boots: its operating system, the default entry's files and what its
 * kernel is, and what looked wrong.
 *
 * @param os the root filesystem's operating system, where a root filesystem was found
 * @param boot the default entry, resolved
 * @param kernel the default entry's kernel, inspected
 * @param modulesPresent whether {@code /lib/modules/<version>} exists on the root filesystem for
 *     the kernel's version; empty when the version or the root is unknown
 * @param warnings for people: a kernel without its modules, a root= that names no filesystem
 */
public record Inspection(
    Optional<OsInfo> os,
    BootRecord boot,
    KernelInfo kernel,
    Optional<Boolean> modulesPresent,
    List<String> warnings) {
  /**
   * Copies {@code warnings} into an immutable list.
   *
   * @param os the root filesystem's operating system, where a root filesystem was found
   * @param boot the default entry, resolved
   * @param kernel the default entry's kernel, inspected
   * @param modulesPresent whether {@code /lib/modules/<version>} exists on the root filesystem for
   *     the kernel's version; empty when the version or the root is unknown
   * @param warnings for people: a kernel without its modules, a root= that names no filesystem
   */
  public Inspection {
    warnings = ImmutableList.copyOf(warnings);
  }
}
