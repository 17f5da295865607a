/**
 * VMDK disks and OVA archives. {@link org.bootlace.image.vmdk.VmdkFormat} reads a hosted sparse
 * extent or a text descriptor with its extents, {@link org.bootlace.image.vmdk.OvaFormat} the first
 * disk inside an OVA, in place; both are {@link org.bootlace.spi.ImageFormat}s registered for
 * {@code ServiceLoader}. Extents and parents named by a descriptor are opened only through the
 * caller's backing-file policy.
 */
package org.bootlace.image.vmdk;
