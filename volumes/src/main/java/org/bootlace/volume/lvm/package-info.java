/**
 * LVM2: {@link org.bootlace.volume.lvm.LvmVolumeManager}, the {@link
 * org.bootlace.spi.VolumeManagerDriver} registered for {@code ServiceLoader}, finds physical
 * volumes by their label, reads each volume group's text metadata, and assembles the striped and
 * linear logical volumes it can read whole, naming them as GRUB does.
 */
package org.bootlace.volume.lvm;
