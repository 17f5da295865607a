/**
 * Kernel and OS inspection (Linux bzImage, ELF, multiboot, compressed kernels): {@code
 * org.bootlace.kernel}.
 */
module org.bootlace.kernel {
  requires aircompressor;
  requires com.google.common;
  requires org.apache.commons.compress;
  requires transitive org.bootlace.core;
  requires org.tukaani.xz;

  exports org.bootlace.kernel;
}
