/**
 * VHD images (QEMU's {@code vpc}): fixed, dynamic and differencing disks. {@link
 * org.bootlace.image.vhd.VhdFormat} is the {@link org.bootlace.spi.ImageFormat} registered for
 * {@code ServiceLoader}, {@link org.bootlace.image.vhd.VhdDisk} the guest disk it opens; a
 * differencing disk's parent is opened only through the caller's backing-file policy.
 */
package org.bootlace.image.vhd;
