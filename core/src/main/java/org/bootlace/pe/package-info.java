/**
 * Not API: the PE/COFF reader ({@link org.bootlace.pe.PeImage}) and the unified kernel image reader
 * ({@link org.bootlace.pe.UnifiedKernelImage}) that GRUB's and systemd-boot's configuration modules
 * and the kernel inspector share. They are public only so that those modules can use them; on the
 * module path this package is exported only to them, and nothing here is kept compatible from one
 * release to the next.
 */
package org.bootlace.pe;
