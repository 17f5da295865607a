package org.bootlace.spi;

/**
 * One name in a directory, with the type the directory records ({@link FileType#UNKNOWN} if none).
 */
public record DirEntry(String name, FileType type, long id) {}
