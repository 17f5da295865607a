/**
 * Linux software RAID (md): {@link org.bootlace.volume.md.MdVolumeManager}, the {@link
 * org.bootlace.spi.VolumeManagerDriver} registered for {@code ServiceLoader}, finds members by
 * their version 1.x and 0.90 superblocks and assembles the arrays it can read, naming them as GRUB
 * does.
 */
package org.bootlace.volume.md;
