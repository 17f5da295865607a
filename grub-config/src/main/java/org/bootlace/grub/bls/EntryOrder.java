package org.bootlace.grub.bls;

import java.util.Comparator;

/**
 * blscfg's order of entries (Fedora, RHEL 9 and later): by file name without {@code .conf}, read as
 * an rpm package name {@code name-version-release} split at its last two dashes, each part compared
 * with {@link RpmVersion}, oldest first.
 *
 * <p>With fewer dashes the parts move down: {@code a-b} is name {@code a}, version {@code b} and no
 * release; {@code a} is a name alone. A missing part compares as the empty string. So {@code
 * <machine-id>-5.14.0-70.13.1.el9_0.x86_64} is name {@code <machine-id>}, version {@code 5.14.0},
 * release {@code 70.13.1.el9_0.x86_64}, and the rescue entry {@code <machine-id>-0-rescue} has
 * version {@code 0}, older than every kernel of the same machine.
 */
final class EntryOrder implements Comparator<String> {
  static final EntryOrder INSTANCE = new EntryOrder();

  private EntryOrder() {}

  @Override
  public int compare(String a, String b) {
    String[] x = split(a);
    String[] y = split(b);
    for (int k = 0; k < 3; k++) {
      int r = RpmVersion.compare(x[k], y[k]);
      if (r != 0) {
        return r;
      }
    }
    return 0;
  }

  /** name, version, release; absent parts are empty. */
  static String[] split(String id) {
    int last = id.lastIndexOf('-');
    if (last < 0) {
      return new String[] {id, "", ""};
    }
    String release = id.substring(last + 1);
    String rest = id.substring(0, last);
    int previous = rest.lastIndexOf('-');
    if (previous < 0) {
      return new String[] {rest, release, ""};
    }
    return new String[] {rest.substring(0, previous), rest.substring(previous + 1), release};
  }
}
