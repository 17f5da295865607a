package org.bootlace.kernel;

/** The container a kernel file is, once any whole-file compression is removed. */
public enum KernelFormat {
  /** An x86 Linux kernel with the real-mode setup header ({@code HdrS}). */
  BZIMAGE,
  /** An ELF executable (vmlinux, a Xen hypervisor, other multiboot kernels). */
  ELF,
  /** An arm64 Linux {@code Image} ({@code ARM\x64} magic). */
  ARM64_IMAGE,
  /** A PE/COFF program that is none of the above (an EFI application, a unified kernel image). */
  PE,
  /** A file with a multiboot header and no other recognized container. */
  MULTIBOOT,
  /** Nothing bootlace recognizes; the file is still handed over as the bootloader would. */
  UNKNOWN
}
