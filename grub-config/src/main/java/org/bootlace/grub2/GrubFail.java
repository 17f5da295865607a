package org.bootlace.grub2;

/** A GRUB command failed with an error code and message (grub_error); the script goes on. */
final class GrubFail extends Exception {
  static final int TEST_FAILURE = 1;
  static final int BAD_FILE_TYPE = 4;
  static final int FILE_NOT_FOUND = 5;
  static final int BAD_FILENAME = 7;
  static final int UNKNOWN_FS = 8;
  static final int BAD_NUMBER = 10;
  static final int UNKNOWN_DEVICE = 12;
  static final int BAD_DEVICE = 13;
  static final int UNKNOWN_COMMAND = 16;
  static final int INVALID_COMMAND = 17;
  static final int BAD_ARGUMENT = 18;
  static final int BAD_OS = 21;
  static final int NO_KERNEL = 22;
  static final int NOT_IMPLEMENTED = 24;
  static final int MENU = 27;

  /** Debian's GRUB 2.06 reports the recursion limit with an error appended after the stock ones. */
  static final int RECURSION_DEPTH = 46;

  private final int code;

  GrubFail(int code, String message) {
    super(message, null, false, false);
    this.code = code;
  }

  int code() {
    return code;
  }
}
