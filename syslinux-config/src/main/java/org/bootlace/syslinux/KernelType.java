package org.bootlace.syslinux;

import java.util.Optional;

/**
 * The kernel-like directives of a LABEL, in the order syslinux's keyword table lists them, and the
 * image types its loader tells apart.
 */
enum KernelType {
  NONE("none"),
  LOCALBOOT("localboot"),
  KERNEL("kernel"),
  LINUX("linux"),
  BOOT("boot"),
  BSS("bss"),
  PXE("pxe"),
  FDIMAGE("fdimage"),
  COMBOOT("comboot"),
  COM32("com32"),
  CONFIG("config");

  /** File extensions and the type they select, in the order syslinux 6 tries them. */
  static final String[][] EXTENSIONS = {
    {".c32", "COM32"},
    {".img", "FDIMAGE"},
    {".bss", "BSS"},
    {".bin", "BOOT"},
    {".bs", "BOOT"},
    {".0", "PXE"}
  };

  final String keyword;

  KernelType(String keyword) {
    this.keyword = keyword;
  }

  /**
   * The type a {@code .keyword} prefix selects on a command line. syslinux 6's loader no longer
   * knows {@code .none} and {@code .comboot}, so those select nothing.
   */
  static Optional<KernelType> specifier(String name) {
    for (KernelType t : values()) {
      if (t != NONE && t != COMBOOT && t.keyword.equals(name)) {
        return Optional.of(t);
      }
    }
    return Optional.empty();
  }

  /**
   * The type a file name's extension selects (case-sensitive, as syslinux compares); else KERNEL.
   */
  static KernelType byExtension(String file) {
    for (String[] e : EXTENSIONS) {
      if (file.endsWith(e[0])) {
        return valueOf(e[1]);
      }
    }
    return KERNEL;
  }
}
