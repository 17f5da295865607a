package org.bootlace;

import org.bootlace.spi.FileType;

/**
 * What a path inside the guest leads to.
 *
 * @param path the canonical path, with links, "." and ".." resolved
 * @param type what kind of file it is
 * @param size the size in bytes: a file's length, a symlink target's length
 * @param mode the Unix permission and type bits where the filesystem has them, else 0
 * @param mtime the modification time in seconds since the epoch, else 0
 * @param id a number unique within the filesystem (the inode number)
 */
public record FileStat(String path, FileType type, long size, int mode, long mtime, long id) {}
