/**
 * The syslinux (isolinux, extlinux, pxelinux) configuration parser; it exports nothing and is found
 * through {@link java.util.ServiceLoader}.
 */
module org.bootlace.syslinux.config {
  requires com.google.common;
  requires org.bootlace.core;

  provides org.bootlace.spi.BootConfigParser with
      org.bootlace.syslinux.SyslinuxParser;
}
