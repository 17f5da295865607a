package org.bootlace.grub2;

import java.nio.charset.StandardCharsets;

/** String order as GRUB's grub_strcmp sees it: unsigned bytes. */
final class GrubStrings {
  private GrubStrings() {}

  static int compare(String a, String b) {
    byte[] x = a.getBytes(StandardCharsets.UTF_8);
    byte[] y = b.getBytes(StandardCharsets.UTF_8);
    int n = Math.min(x.length, y.length);
    for (int i = 0; i < n; i++) {
      int d = (x[i] & 0xff) - (y[i] & 0xff);
      if (d != 0) {
        return d;
      }
    }
    return x.length - y.length;
  }
}
