/**
 * The FAT12/16/32 (with VFAT long names) filesystem driver; it exports nothing and is found through
 * {@link java.util.ServiceLoader}.
 */
module org.bootlace.fs.fat {
  requires com.google.common;
  requires org.bootlace.core;

  provides org.bootlace.spi.FilesystemDriver with
      org.bootlace.fs.fat.FatFilesystemDriver;
}
