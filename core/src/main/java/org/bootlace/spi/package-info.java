/**
 * The driver SPI: what a module implements to add an image format ({@link
 * org.bootlace.spi.ImageFormat}), a partition table ({@link
 * org.bootlace.spi.PartitionTableDriver}), a volume manager ({@link
 * org.bootlace.spi.VolumeManagerDriver}), a filesystem ({@link org.bootlace.spi.FilesystemDriver})
 * or a boot configuration language ({@link org.bootlace.spi.BootConfigParser}). Drivers are
 * registered as {@link java.util.ServiceLoader} services or handed to {@link
 * org.bootlace.spi.Drivers} in code; they are stateless and read hostile data: probes are cheap and
 * answer no instead of throwing, every allocation sized by the data is checked against {@link
 * org.bootlace.Limits} first, every loop is bounded, and every failure is one of bootlace's checked
 * exceptions.
 */
package org.bootlace.spi;
