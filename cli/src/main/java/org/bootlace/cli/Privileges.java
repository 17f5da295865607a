package org.bootlace.cli;

import java.io.IOException;
import java.nio.file.Path;
import jnr.ffi.LibraryLoader;
import jnr.ffi.Runtime;

/**
 * Gives up root the way pygrub's deprivileged mode does, for {@code bootlace pygrub --runas}: the
 * process, already inside private mount, network and IPC namespaces and holding every file it will
 * use open, chroots into an empty read-only tmpfs, takes on the target user and group, and lowers
 * its resource limits. The one place the command line calls native code.
 */
final class Privileges {
  // <sys/mount.h>
  private static final long MS_RDONLY = 1;
  private static final long MS_NOSUID = 2;
  private static final long MS_NODEV = 4;
  private static final long MS_NOEXEC = 8;
  private static final long MS_REMOUNT = 32;
  // <sys/prctl.h>, <sys/resource.h>
  private static final int PR_SET_NO_NEW_PRIVS = 38;
  private static final int RLIMIT_FSIZE = 1;
  private static final int RLIMIT_CORE = 4;
  private static final int RLIMIT_MEMLOCK = 8;
  private static final int RLIMIT_MSGQUEUE = 12;

  /** The libc calls used. */
  public interface LibC {
    int mount(String source, String target, String type, long flags, String data);

    int chdir(String path);

    int chroot(String path);

    int setgroups(long size, int[] groups);

    int setresgid(int rgid, int egid, int sgid);

    int setresuid(int ruid, int euid, int suid);

    int getuid();

    int geteuid();

    int getgid();

    int getegid();

    int prctl(int option, long arg2, long arg3, long arg4, long arg5);

    int setrlimit(int resource, long[] limits);
  }

  private final LibC libc;
  private final Runtime runtime;

  private Privileges() {
    libc = LibraryLoader.create(LibC.class).load("c");
    runtime = Runtime.getRuntime(libc);
  }

  static Privileges load() {
    return new Privileges();
  }

  boolean isRoot() {
    return libc.geteuid() == 0;
  }

  /**
   * Confines this process: an empty read-only tmpfs over {@code mountPoint} (in this process's own
   * mount namespace, so the host never sees it) becomes the root directory; then the user and group
   * become {@code id}, and files can grow to {@code maxFileBytes} at most.
   */
  void confine(Path mountPoint, int id, long maxFileBytes) throws IOException {
    String dir = mountPoint.toAbsolutePath().toString();
    check(
        libc.mount(
            "bootlace-empty", dir, "tmpfs", MS_NOSUID | MS_NODEV | MS_NOEXEC, "size=4k,mode=0555"),
        "mount tmpfs on " + dir);
    check(
        libc.mount(
            "none", dir, null, MS_REMOUNT | MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC, null),
        "remount " + dir + " read-only");
    check(libc.chdir(dir), "chdir " + dir);
    check(libc.chroot("."), "chroot " + dir);
    check(libc.chdir("/"), "chdir /");
    check(libc.setgroups(1, new int[] {id}), "setgroups");
    check(libc.setresgid(id, id, id), "setresgid " + id);
    check(libc.setresuid(id, id, id), "setresuid " + id);
    if (libc.getuid() != id
        || libc.geteuid() != id
        || libc.getgid() != id
        || libc.getegid() != id) {
      throw new IOException(
          "--runas: still running as uid " + libc.geteuid() + " gid " + libc.getegid());
    }
    check(libc.prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0), "prctl NO_NEW_PRIVS");
    limit(RLIMIT_FSIZE, maxFileBytes, "RLIMIT_FSIZE");
    limit(RLIMIT_CORE, 0, "RLIMIT_CORE");
    limit(RLIMIT_MEMLOCK, 0, "RLIMIT_MEMLOCK");
    limit(RLIMIT_MSGQUEUE, 0, "RLIMIT_MSGQUEUE");
  }

  int uid() {
    return libc.geteuid();
  }

  private void limit(int resource, long value, String name) throws IOException {
    check(libc.setrlimit(resource, new long[] {value, value}), "setrlimit " + name);
  }

  private void check(int rc, String what) throws IOException {
    if (rc != 0) {
      throw new IOException("--runas: " + what + " failed: errno " + runtime.getLastError());
    }
  }
}
