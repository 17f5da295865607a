/** Boots a resolved entry in QEMU: {@code org.bootlace.qemu}. */
module org.bootlace.qemu {
  requires com.google.common;
  requires transitive org.bootlace.core;

  exports org.bootlace.qemu;
}
