/**
 * Read-only ext2, ext3 and ext4. The one public type is {@link
 * org.bootlace.fs.ext.ExtFilesystemDriver}, found through {@link java.util.ServiceLoader}; the
 * on-disk structures (superblock, group descriptors, inodes, extent trees, directory records, ...)
 * and the readers built on them are private to the package. Every structure is validated as it is
 * read, metadata checksums included when the filesystem has them, and every failure names the
 * structure, the field, its value and where it lies.
 */
package org.bootlace.fs.ext;
