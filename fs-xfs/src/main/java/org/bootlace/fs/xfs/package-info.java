/**
 * Read-only XFS, v4 and v5. The one public type is {@link org.bootlace.fs.xfs.XfsFilesystemDriver},
 * found through {@link java.util.ServiceLoader}; the superblock, inode, extent, B+tree and
 * directory readers are private to the package. Every structure is validated as it is read (v5's
 * checksums and self-describing headers included), and every failure names the structure, the
 * field, its value and its byte offset on the device.
 */
package org.bootlace.fs.xfs;
