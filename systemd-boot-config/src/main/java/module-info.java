/**
 * The systemd-boot loader entry parser; it exports nothing and is found through {@link
 * java.util.ServiceLoader}.
 */
module org.bootlace.systemd.boot.config {
  requires com.google.common;
  requires org.bootlace.core;

  provides org.bootlace.spi.BootConfigParser with
      org.bootlace.sdboot.SystemdBootParser;
}
