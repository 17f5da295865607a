/**
 * The GRUB 2 and GRUB legacy configuration parsers; they export nothing and are found through
 * {@link java.util.ServiceLoader}.
 */
module org.bootlace.grub.config {
  requires com.google.common;
  requires org.bootlace.core;

  provides org.bootlace.spi.BootConfigParser with
      org.bootlace.grub.legacy.GrubLegacyParser,
      org.bootlace.grub2.Grub2Parser;
}
