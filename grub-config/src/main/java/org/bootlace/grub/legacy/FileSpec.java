package org.bootlace.grub.legacy;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A file as {@code kernel}, {@code initrd}, {@code module}, {@code chainloader} and {@code
 * configfile} name it (stage2's {@code grub_open}): an optional device such as {@code (hd0,1)}
 * overriding the root for this file alone, then an absolute path up to the first blank, or a block
 * list such as {@code +1}. Anything else is GRUB's error 1.
 *
 * @param device the device written before the path, if any
 * @param path the absolute path, or the block list
 * @param blocklist whether {@code path} is a block list
 * @param end the index just past the file name in the argument
 */
record FileSpec(Optional<DeviceName> device, String path, boolean blocklist, int end) {
  private static final String NUMBER = "(?:0[xX][0-9a-fA-F]+|[0-9]+)";
  private static final Pattern BLOCKLIST =
      Pattern.compile(
          "(?:" + NUMBER + ")?\\+" + NUMBER + "(?:,(?:" + NUMBER + ")?\\+" + NUMBER + ")*");

  static FileSpec parse(String arg) throws GrubFailure {
    int start = 0;
    Optional<DeviceName> device = Optional.empty();
    if (GrubNumber.charAt(arg, 0) == '(') {
      DeviceName d = DeviceName.parse(arg, 0);
      device = Optional.of(d);
      start = d.end();
    }
    int end = start;
    while (end < arg.length() && !Command.isBlank(arg.charAt(end))) {
      end++;
    }
    String word = arg.substring(start, end);
    if (word.startsWith("/")) {
      return new FileSpec(device, word, false, end);
    }
    if (BLOCKLIST.matcher(word).matches()) {
      return new FileSpec(device, word, true, end);
    }
    throw new GrubFailure(GrubError.BAD_FILENAME);
  }

  /** The text after the file name, stripped as pygrub strips the kernel arguments. */
  String argsIn(String arg) {
    return PyText.strip(arg.substring(end));
  }
}
