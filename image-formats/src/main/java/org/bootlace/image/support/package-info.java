/**
 * What the image format packages share: the {@link org.bootlace.image.support.VirtualDisk} base
 * class, bounded decompression, a byte-bounded cache, and the opening of backing files and parents.
 * Public so the format packages can use it; not part of bootlace's API.
 */
package org.bootlace.image.support;
