package org.bootlace.grub.legacy;

/**
 * The GRUB 0.97 errors a menu entry can stop with, numbered and worded as GRUB prints them ({@code
 * Error 15: File not found}), so a note reads like the screen a user would have seen.
 */
enum GrubError {
  BAD_FILENAME(1, "Filename must be either an absolute pathname or blocklist"),
  BAD_FILETYPE(2, "Bad file or directory type"),
  BAD_GZIP_DATA(3, "Bad or corrupt data while decompressing file"),
  BOOT_COMMAND(8, "Kernel must be loaded before booting"),
  BOOT_FEATURES(10, "Unsupported Multiboot features requested"),
  DEV_FORMAT(11, "Unrecognized device string"),
  DEV_VALUES(12, "Invalid device requested"),
  EXEC_FORMAT(13, "Invalid or unsupported executable format"),
  FILE_NOT_FOUND(15, "File not found"),
  FSYS_CORRUPT(16, "Inconsistent filesystem structure"),
  NEED_LX_KERNEL(19, "Linux kernel must be loaded before initrd"),
  NEED_MB_KERNEL(20, "Multiboot kernel must be loaded before modules"),
  NUMBER_PARSING(23, "Error while parsing number"),
  SYMLINK_LOOP(26, "Too many symbolic links"),
  UNRECOGNIZED(27, "Unrecognized command"),
  WONT_FIT(28, "Selected item cannot fit into memory"),
  BAD_ARGUMENT(30, "Invalid argument"),
  NUMBER_OVERFLOW(35, "Overflow while parsing number");

  private final int number;
  private final String message;

  GrubError(int number, String message) {
    this.number = number;
    this.message = message;
  }

  @Override
  public String toString() {
    return "Error " + number + ": " + message;
  }
}
