package org.bootlace.spi;

import org.bootlace.block.BlockDevice;

/**
 * A block device a filesystem carries inside itself that firmware or a bootloader reads as a volume
 * of its own: an ISO 9660 image's El Torito EFI boot image (a FAT filesystem). See {@link
 * FileSystem#nestedDevices()}.
 *
 * @param scheme names the kind in GRUB-style device names: {@code eltorito} gives {@code
 *     (hd0,eltorito1)}
 * @param description what it is, for listings ({@code El Torito EFI boot image})
 * @param offset the byte offset inside the filesystem's own device
 * @param device the bytes, a slice of the filesystem's device
 */
public record NestedDevice(String scheme, String description, long offset, BlockDevice device) {}
