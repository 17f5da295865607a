/**
 * bootlace's API ({@code org.bootlace}), its driver SPI ({@code org.bootlace.spi}) and block layer
 * ({@code org.bootlace.block}), with the raw image format and the GPT and MBR partition tables.
 * Every other driver is found through {@link java.util.ServiceLoader}: on the module path a module
 * that {@code provides} one of the SPI interfaces is found without naming it anywhere.
 *
 * <p>{@code org.bootlace.binary}, {@code org.bootlace.internal} and {@code org.bootlace.pe} are not
 * API: they are exported only to the bootlace modules that use them. {@code org.bootlace.image} and
 * {@code org.bootlace.partition} (the built-in drivers) are not exported at all.
 */
module org.bootlace.core {
  requires com.google.common;
  requires org.jnrproject.ffi;

  exports org.bootlace;
  exports org.bootlace.block;
  exports org.bootlace.spi;
  exports org.bootlace.binary to
      org.bootlace.fs.btrfs,
      org.bootlace.fs.ext,
      org.bootlace.fs.fat,
      org.bootlace.fs.iso,
      org.bootlace.fs.xfs,
      org.bootlace.grub.config,
      org.bootlace.image.formats,
      org.bootlace.kernel,
      org.bootlace.pxe,
      org.bootlace.volumes;
  exports org.bootlace.internal to
      org.bootlace.pxe;
  exports org.bootlace.pe to
      org.bootlace.grub.config,
      org.bootlace.kernel,
      org.bootlace.systemd.boot.config;

  uses org.bootlace.spi.ImageFormat;
  uses org.bootlace.spi.PartitionTableDriver;
  uses org.bootlace.spi.FilesystemDriver;
  uses org.bootlace.spi.BootConfigParser;
  uses org.bootlace.spi.VolumeManagerDriver;

  provides org.bootlace.spi.ImageFormat with
      org.bootlace.image.RawImageFormat;
  provides org.bootlace.spi.PartitionTableDriver with
      org.bootlace.partition.GptPartitionTableDriver,
      org.bootlace.partition.MbrPartitionTableDriver;
}
