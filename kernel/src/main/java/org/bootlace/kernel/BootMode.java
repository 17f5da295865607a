package org.bootlace.kernel;

/** A way a virtual machine monitor or firmware can start a kernel. */
public enum BootMode {
  /** A Xen paravirtualized guest: the kernel carries Xen's ELF notes (an entry point, features). */
  XEN_PV,
  /**
   * A Xen PVH guest: the kernel has a 32-bit PVH entry point ({@code XEN_ELFNOTE_PHYS32_ENTRY}).
   */
  XEN_PVH,
  /**
   * Direct kernel boot in a hardware-virtualized machine ({@code qemu -kernel}, cloud hypervisors):
   * the x86 boot protocol, a PVH entry, a multiboot header, or an arm64 Image header.
   */
  HVM_DIRECT,
  /** UEFI firmware can run the file itself: it is a PE/COFF program (the kernel's EFI stub). */
  EFI_STUB
}
