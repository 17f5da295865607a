/**
 * The ISO 9660 (with Rock Ridge and Joliet) filesystem driver; it exports nothing and is found
 * through {@link java.util.ServiceLoader}.
 */
module org.bootlace.fs.iso {
  requires com.google.common;
  requires org.bootlace.core;

  provides org.bootlace.spi.FilesystemDriver with
      org.bootlace.fs.iso9660.Iso9660FilesystemDriver;
}
