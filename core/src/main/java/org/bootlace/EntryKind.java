package org.bootlace;

/** What a menu entry would do. */
public enum EntryKind {
  /** Loads a Linux kernel with ramdisks and a command line. */
  LINUX,
  /** Loads a multiboot kernel (Xen, for instance) and modules; not a Linux entry. */
  MULTIBOOT,
  /** Hands over to another boot sector or EFI program. */
  CHAINLOAD,
  /** Holds other entries. */
  SUBMENU,
  /** Anything else: local boot, a menu module, a memory test, an entry with no kernel. */
  OTHER
}
