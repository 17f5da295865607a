/**
 * Kernel and operating system inspection: {@link org.bootlace.kernel.KernelInspector} tells what a
 * kernel file is (bzImage, ELF, arm64 Image, PE), its version, compression, ELF notes and the ways
 * it can boot ({@link org.bootlace.kernel.BootMode}); {@link org.bootlace.kernel.OsInspector}
 * resolves an image's default entry, inspects its kernel and reads the root filesystem's
 * os-release. Inspection informs and never rejects a kernel; payloads are decompressed only within
 * {@code maxDecompressedKernelBytes}.
 */
package org.bootlace.kernel;
