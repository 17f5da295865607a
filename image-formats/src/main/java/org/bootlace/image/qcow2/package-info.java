/**
 * qcow2 images (versions 2 and 3) as QEMU writes them: {@link org.bootlace.image.qcow2.Qcow2Format}
 * is the {@link org.bootlace.spi.ImageFormat} registered for {@code ServiceLoader}, {@link
 * org.bootlace.image.qcow2.Qcow2Disk} the guest disk it opens. Backing files and external data
 * files are opened only through the caller's backing-file policy; encrypted images are refused.
 */
package org.bootlace.image.qcow2;
