/**
 * Read-only single-device btrfs. {@link org.bootlace.fs.btrfs.BtrfsFilesystemDriver} is the
 * filesystem driver, found through {@link java.util.ServiceLoader}; {@link
 * org.bootlace.fs.btrfs.BtrfsFileSystem}, what it opens, is public so a caller can choose the
 * subvolume paths start at, as GRUB's {@code btrfs_subvol} and {@code btrfs_subvolid} do. The
 * superblock, chunk map, tree blocks, items, checksums and decompressors are private to the
 * package; every tree block's checksum, address, filesystem id and level are verified as it is
 * read.
 */
package org.bootlace.fs.btrfs;
