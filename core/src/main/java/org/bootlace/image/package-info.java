/**
 * The raw image format ({@link org.bootlace.image.RawImageFormat}), which every other format falls
 * back to, and the policy for host files an image names ({@link
 * org.bootlace.image.AllowedDirectories}).
 */
package org.bootlace.image;
