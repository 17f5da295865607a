package org.bootlace;

import com.google.common.collect.ImmutableList;
import java.util.List;
import java.util.Optional;

/**
 * What an entry loads.
 *
 * @param kernel the kernel (for multiboot, the multiboot kernel such as xen.gz)
 * @param initrds the ramdisks in load order; the kernel sees their concatenation
 * @param args the command line given to the kernel, without the kernel's own path
 * @param modules multiboot modules with their command lines, in order
 */
public record BootTarget(
    FileRef kernel,
    List<FileRef> initrds,
    String args,
    Optional<FileRef> devicetree,
    List<Module> modules) {

  public BootTarget {
    initrds = ImmutableList.copyOf(initrds);
    modules = ImmutableList.copyOf(modules);
  }

  public static BootTarget linux(FileRef kernel, List<FileRef> initrds, String args) {
    return new BootTarget(kernel, initrds, args, Optional.empty(), List.of());
  }

  /** A multiboot module and the command line it was given. */
  public record Module(FileRef file, String args) {}
}
