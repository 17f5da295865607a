package org.bootlace.syslinux;

/**
 * File names as syslinux resolves them: absolute from the filesystem's root, otherwise against the
 * current directory. {@code ::name} is PXELINUX's way of naming a file from the TFTP root, which is
 * the root of the tree being read.
 */
final class Paths {
  private Paths() {}

  static String resolve(String cwd, String name) {
    if (name.startsWith("::")) {
      name = "/" + name.substring(2);
    }
    if (name.startsWith("/")) {
      return name;
    }
    return cwd.endsWith("/") ? cwd + name : cwd + "/" + name;
  }

  /**
   * The current directory a configuration starts with: the directory syslinux found it in, or, for
   * PXELINUX's {@code pxelinux.cfg/<name>}, the directory above it (where pxelinux.0 is).
   */
  static String initialDirectory(String config) {
    String dir = parent(config);
    if (dir.equals("/pxelinux.cfg") || dir.endsWith("/pxelinux.cfg")) {
      return parent(dir);
    }
    return dir;
  }

  static String parent(String path) {
    int slash = path.lastIndexOf('/');
    return slash <= 0 ? "/" : path.substring(0, slash);
  }

  static String basename(String path) {
    return path.substring(path.lastIndexOf('/') + 1);
  }
}
