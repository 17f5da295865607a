package org.bootlace.spi;

/**
 * One name in a directory, with the type the directory records ({@link FileType#UNKNOWN} if none).
 *
 * @param name the entry's name, without any '/'
 * @param type the type the directory records, or {@link FileType#UNKNOWN}
 * @param id the node's number within the filesystem (the inode number)
 */
public record DirEntry(String name, FileType type, long id) {}
