package org.bootlace;

import org.bootlace.spi.FileType;

/**
 * What a path inside the guest leads to.
 *
 * @param path the canonical path, with links, "." and ".." resolved
 */
public record FileStat(String path, FileType type, long size, int mode, long mtime, long id) {}
