/**
 * Read-only FAT12, FAT16 and FAT32 with VFAT long names: EFI system partitions and the El Torito
 * EFI boot images of ISO 9660 images. The one public type is {@link
 * org.bootlace.fs.fat.FatFilesystemDriver}, found through {@link java.util.ServiceLoader}.
 */
package org.bootlace.fs.fat;
