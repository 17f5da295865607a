package org.bootlace.syslinux;

import java.util.ArrayList;
import java.util.List;

/**
 * The strings IPAPPEND/SYSAPPEND bits add to a command line at boot time. Their values come from
 * the machine and the network syslinux boots on, so bootlace records which would be added.
 */
final class SysAppend {
  private static final String[] NAMES = {
    "ip=",
    "BOOTIF=",
    "SYSUUID=",
    "CPU=",
    "SYSVENDOR=",
    "SYSPRODUCT=",
    "SYSVERSION=",
    "SYSSERIAL=",
    "SYSSKU=",
    "SYSFAMILY=",
    "MBVENDOR=",
    "MBPRODUCT=",
    "MBVERSION=",
    "MBSERIAL=",
    "MBASSET=",
    "BIOSVENDOR=",
    "BIOSVERSION=",
    "SYSFF=",
    "FSUUID="
  };

  private SysAppend() {}

  /** The note for a mask, or null for 0. */
  static String note(int mask) {
    if (mask == 0) {
      return null;
    }
    List<String> names = new ArrayList<>();
    for (int bit = 0; bit < 32; bit++) {
      if ((mask & (1 << bit)) != 0) {
        names.add(
            bit < NAMES.length
                ? NAMES[bit]
                : "(unused bit 0x" + Integer.toHexString(1 << bit) + ")");
      }
    }
    return "IPAPPEND/SYSAPPEND 0x"
        + Integer.toHexString(mask)
        + ": syslinux adds "
        + String.join(" ", names)
        + " at boot time with values from the machine (ip= and BOOTIF= on PXELINUX only);"
        + " they are not in these arguments";
  }
}
