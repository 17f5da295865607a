package org.bootlace.syslinux;

import java.util.ArrayList;
import java.util.List;
import org.bootlace.spi.ConfigLocation;

/**
 * Where syslinux-family configurations are looked for, in one order for every filesystem, ranks 200
 * to 221.
 *
 * <p>The loaders search differently. ISOLINUX tries {@code isolinux.cfg} then {@code syslinux.cfg}
 * in {@code /boot/isolinux}, {@code /isolinux}, {@code /boot/syslinux}, {@code /syslinux} and
 * {@code /}. SYSLINUX and EXTLINUX try {@code extlinux.conf} then {@code syslinux.cfg} in their
 * install directory (which only the installed {@code ldlinux.sys} knows), then in {@code
 * /boot/syslinux}, {@code /syslinux} and {@code /}. pygrub tries {@code
 * /boot/isolinux/isolinux.cfg}, {@code /boot/extlinux/extlinux.conf}, {@code /boot/extlinux.conf},
 * {@code /extlinux/extlinux.conf}, {@code /extlinux.conf}.
 *
 * <p>The merged order goes directory by directory, as both loaders do: the isolinux directories
 * first (as pygrub and ISOLINUX begin), then the usual EXTLINUX install directories {@code
 * /boot/extlinux}, {@code /boot} (its {@code extlinux.conf}) and {@code /extlinux}, then {@code
 * /boot/syslinux}, {@code /syslinux} and {@code /}. Within a directory the name its own loader
 * reads comes first ({@code isolinux.cfg} in isolinux directories, {@code extlinux.conf} in
 * extlinux ones), then {@code syslinux.cfg}; in the shared directories {@code isolinux.cfg} comes
 * before {@code extlinux.conf} and both before {@code syslinux.cfg}, so each loader's own order is
 * kept. Names no loader reads in a directory unless it was installed there come last. pygrub's five
 * paths keep their relative order.
 */
final class SearchOrder {
  static final int FIRST_RANK = 200;

  static final List<String> PATHS =
      List.of(
          "/boot/isolinux/isolinux.cfg",
          "/boot/isolinux/syslinux.cfg",
          "/isolinux/isolinux.cfg",
          "/isolinux/syslinux.cfg",
          "/boot/extlinux/extlinux.conf",
          "/boot/extlinux/syslinux.cfg",
          "/boot/extlinux.conf",
          "/extlinux/extlinux.conf",
          "/extlinux/syslinux.cfg",
          "/boot/syslinux/isolinux.cfg",
          "/boot/syslinux/extlinux.conf",
          "/boot/syslinux/syslinux.cfg",
          "/syslinux/isolinux.cfg",
          "/syslinux/extlinux.conf",
          "/syslinux/syslinux.cfg",
          "/isolinux.cfg",
          "/extlinux.conf",
          "/syslinux.cfg",
          "/boot/isolinux/extlinux.conf",
          "/isolinux/extlinux.conf",
          "/boot/extlinux/isolinux.cfg",
          "/extlinux/isolinux.cfg");

  static final List<ConfigLocation> LOCATIONS = ranked();

  private SearchOrder() {}

  private static List<ConfigLocation> ranked() {
    List<ConfigLocation> out = new ArrayList<>();
    for (int i = 0; i < PATHS.size(); i++) {
      out.add(new ConfigLocation(PATHS.get(i), FIRST_RANK + i));
    }
    return List.copyOf(out);
  }
}
