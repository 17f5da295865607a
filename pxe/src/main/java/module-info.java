/** Network boot (DHCP, TFTP, HTTP and iPXE scripts): its API is {@code org.bootlace.pxe}. */
module org.bootlace.pxe {
  requires com.google.common;
  requires java.net.http;
  requires transitive org.bootlace.core;
  requires org.jnrproject.ffi;

  exports org.bootlace.pxe;
}
