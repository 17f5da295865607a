/**
 * The btrfs filesystem driver; it exports nothing and is found through {@link
 * java.util.ServiceLoader}.
 */
module org.bootlace.fs.btrfs {
  requires com.google.common;
  requires org.bootlace.core;
  requires aircompressor;

  provides org.bootlace.spi.FilesystemDriver with
      org.bootlace.fs.btrfs.BtrfsFilesystemDriver;
}
