package org.bootlace.block;

import java.io.IOException;
import java.nio.file.Path;
import jnr.ffi.LibraryLoader;
import jnr.ffi.Pointer;
import jnr.ffi.Runtime;
import jnr.ffi.byref.IntByReference;
import jnr.ffi.byref.LongLongByReference;

/**
 * The one place bootlace calls native code: size and logical sector size of a Linux block device,
 * which {@code stat} does not report, through the {@code BLKGETSIZE64} and {@code BLKSSZGET}
 * ioctls.
 */
final class LinuxBlockDeviceInfo {
  // From <linux/fs.h>: _IOR(0x12, 114, size_t) and _IO(0x12, 104).
  private static final long BLKGETSIZE64 = 0x80081272L;
  private static final long BLKSSZGET = 0x1268L;
  private static final int O_RDONLY = 0;
  private static final int O_CLOEXEC = 0x80000;

  /** The libc functions used; jnr-ffi binds them at first use. */
  public interface LibC {
    int open(String path, int flags);

    int ioctl(int fd, long request, LongLongByReference out);

    int ioctl(int fd, long request, IntByReference out);

    int close(int fd);

    Pointer strerror(int errno);
  }

  private static volatile LibC libc;

  private LinuxBlockDeviceInfo() {}

  record Info(long size, int sectorSize) {}

  private static LibC libc() {
    LibC l = libc;
    if (l == null) {
      synchronized (LinuxBlockDeviceInfo.class) {
        l = libc;
        if (l == null) {
          l = LibraryLoader.create(LibC.class).load("c");
          libc = l;
        }
      }
    }
    return l;
  }

  static Info query(Path device) throws IOException {
    LibC c;
    try {
      c = libc();
    } catch (UnsatisfiedLinkError | RuntimeException e) {
      throw new IOException(device + ": cannot load libc to size the block device: " + e, e);
    }
    Runtime rt = Runtime.getRuntime(c);
    int fd = c.open(device.toString(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
      throw new IOException(device + ": open: " + error(c, rt));
    }
    try {
      LongLongByReference size = new LongLongByReference();
      if (c.ioctl(fd, BLKGETSIZE64, size) != 0) {
        throw new IOException(device + ": ioctl BLKGETSIZE64: " + error(c, rt));
      }
      IntByReference sector = new IntByReference();
      if (c.ioctl(fd, BLKSSZGET, sector) != 0) {
        throw new IOException(device + ": ioctl BLKSSZGET: " + error(c, rt));
      }
      return new Info(size.longValue(), sector.intValue());
    } finally {
      c.close(fd);
    }
  }

  private static String error(LibC c, Runtime rt) {
    int errno = rt.getLastError();
    Pointer msg = c.strerror(errno);
    return (msg == null ? "errno" : msg.getString(0)) + " (" + errno + ")";
  }
}
