/**
 * VHDX images: fixed, dynamic and differencing disks. {@link org.bootlace.image.vhdx.VhdxFormat} is
 * the {@link org.bootlace.spi.ImageFormat} registered for {@code ServiceLoader}, {@link
 * org.bootlace.image.vhdx.VhdxDisk} the guest disk it opens. An image whose log is not empty (not
 * cleanly closed) is refused rather than replayed; a parent is opened only through the caller's
 * backing-file policy.
 */
package org.bootlace.image.vhdx;
