/**
 * Readers of PE/COFF executables as UEFI loads them: the headers and section table ({@link
 * org.bootlace.pe.PeImage}) and unified kernel images ({@link org.bootlace.pe.UnifiedKernelImage}),
 * whose sections carry a kernel, its initrds and its command line.
 */
package org.bootlace.pe;
