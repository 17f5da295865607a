/**
 * The XFS filesystem driver; it exports nothing and is found through {@link
 * java.util.ServiceLoader}.
 */
module org.bootlace.fs.xfs {
  requires com.google.common;
  requires org.bootlace.core;

  provides org.bootlace.spi.FilesystemDriver with
      org.bootlace.fs.xfs.XfsFilesystemDriver;
}
