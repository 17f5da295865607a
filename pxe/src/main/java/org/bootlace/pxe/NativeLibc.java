package org.bootlace.pxe;

import jnr.ffi.Pointer;
import jnr.ffi.byref.IntByReference;

/** The libc binding behind {@link UdpSockets}' interface-bound sockets. */
final class NativeLibc {
  private NativeLibc() {}

  /**
   * The libc functions used; jnr-ffi binds them at first use. Public because jnr-ffi's generated
   * implementation must reach it; the class around it keeps it out of the module's API.
   */
  public interface LibC {
    int socket(int domain, int type, int protocol);

    int setsockopt(int fd, int level, int name, byte[] value, int length);

    int bind(int fd, byte[] addr, int length);

    long sendto(int fd, byte[] buf, long length, int flags, byte[] addr, int addrLength);

    long recvfrom(
        int fd, byte[] buf, long length, int flags, byte[] addr, IntByReference addrLength);

    int poll(byte[] fds, long count, int timeoutMillis);

    int open(String path, int flags);

    int setns(int fd, int type);

    int close(int fd);

    int ioctl(int fd, long request, byte[] arg);

    Pointer strerror(int errno);
  }
}
