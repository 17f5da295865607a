/**
 * The block devices volume managers assemble: {@link org.bootlace.volume.MappedDevice} (pieces end
 * to end) and {@link org.bootlace.volume.StripedDevice} (areas interleaved in chunks). Public for
 * the LVM and md packages; every read is checked against the assembled size.
 */
package org.bootlace.volume;
