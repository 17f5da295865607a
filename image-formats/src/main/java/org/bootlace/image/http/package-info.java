/**
 * Remote images read over HTTP(S) with range requests: {@link
 * org.bootlace.image.http.HttpBlockDevice} is a {@link org.bootlace.block.BlockDevice} over a URL,
 * which any image format then decodes as it decodes a local file.
 */
package org.bootlace.image.http;
