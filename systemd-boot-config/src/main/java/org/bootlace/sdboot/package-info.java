/**
 * The systemd-boot configuration parser ({@link org.bootlace.sdboot.SystemdBootParser}, a {@link
 * org.bootlace.spi.BootConfigParser} service): the Boot Loader Specification's Type 1 entries and
 * Type 2 unified kernel images on the EFI system partition and the extended boot partition, ordered
 * with systemd's version comparison ({@link org.bootlace.sdboot.VersionCompare}).
 */
package org.bootlace.sdboot;
