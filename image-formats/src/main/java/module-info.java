/**
 * The virtual disk image formats (qcow2, VMDK and OVA, VHD, VHDX), found through {@link
 * java.util.ServiceLoader}, and the read-only HTTP block device ({@code org.bootlace.image.http}),
 * the one package it exports.
 */
module org.bootlace.image.formats {
  requires aircompressor;
  requires java.net.http;
  requires transitive org.bootlace.core;

  exports org.bootlace.image.http;

  provides org.bootlace.spi.ImageFormat with
      org.bootlace.image.qcow2.Qcow2Format,
      org.bootlace.image.vmdk.VmdkFormat,
      org.bootlace.image.vmdk.OvaFormat,
      org.bootlace.image.vhd.VhdFormat,
      org.bootlace.image.vhdx.VhdxFormat;
}
