package org.bootlace.grub2;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.bootlace.FileStat;
import org.bootlace.Volume;
import org.bootlace.spi.FileType;
import org.bootlace.spi.Subvolume;

/**
 * The btrfs subvolume extensions of openSUSE's and Fedora's GRUB (SUSE's patches to btrfs.c):
 * {@code btrfs_relative_path}, {@code btrfs_subvol} and {@code btrfs_subvolid}, and {@code
 * btrfs-mount-subvol}. Upstream GRUB has none of them and starts every path at the top level.
 *
 * <p>With {@code btrfs_relative_path} starting with {@code y} or {@code 1}, a path on btrfs starts
 * at a directory mounted with {@code btrfs-mount-subvol} when the path lies under it, else at the
 * subvolume {@code btrfs_subvol} names (from the top level; empty names the default subvolume),
 * else at subvolume id {@code btrfs_subvolid}, else at the default subvolume. With any other value,
 * paths start at the top level and the choices are ignored, as in GRUB.
 *
 * <p>Left unset, the volume is read as bootlace found it (the default subvolume, falling back to
 * the top level with a warning) until a script makes one of the choices; then the choices apply as
 * if {@code btrfs_relative_path} were {@code y}, because only the patched GRUBs know them and their
 * installers set {@code btrfs_relative_path=y} in the image bootlace does not see.
 */
final class BtrfsSubvolumes {
  private BtrfsSubvolumes() {}

  /**
   * GRUB keeps the choice in the btrfs module's own variables, so it holds whatever context a
   * script makes it in; the last of {@code btrfs_subvol} and {@code btrfs_subvolid} set wins.
   */
  static final class State {
    private String subvol;
    private long subvolId;
    private final List<Mount> mounts = new ArrayList<>();

    State copy() {
      State s = new State();
      s.subvol = subvol;
      s.subvolId = subvolId;
      s.mounts.addAll(mounts);
      return s;
    }

    boolean chosen() {
      return subvol != null || subvolId != 0 || !mounts.isEmpty();
    }
  }

  /**
   * {@code btrfs-mount-subvol}: paths under {@code dir} of {@code device} start at {@code subvol}.
   */
  record Mount(String device, String dir, String subvol) {}

  /** A variable was set: GRUB's write hooks on btrfs_subvol and btrfs_subvolid. */
  static void assigned(State st, String name, String value) {
    if (name.equals("btrfs_subvol")) {
      st.subvol = value;
      st.subvolId = 0;
    } else if (name.equals("btrfs_subvolid")) {
      st.subvol = null;
      // subvolid_set_env: grub_strtoull in base 10; a value it refuses selects nothing (0).
      Gnu.Number n = Gnu.strtoul(value, 10);
      st.subvolId = n.ok() ? n.value() : 0;
    }
  }

  /** The volume view and path a file on {@code r}'s volume is read at. */
  static Devices.Resolved view(Machine m, Devices.Resolved r) throws GrubFail, IOException {
    Volume v = r.volume();
    if (r.path().isEmpty() || !v.hasSubvolumes()) {
      return r;
    }
    State st = m.env.btrfs;
    String rel = m.env.get("btrfs_relative_path");
    if (rel == null && !st.chosen()) {
      return r;
    }
    String path = r.path();
    Subvolume which;
    String missing;
    if (rel != null && !(rel.startsWith("y") || rel.startsWith("1"))) {
      which = new Subvolume.TopLevel();
      missing = "the top level";
    } else {
      Mount mount = mountFor(st, v.grubDevice(), path);
      if (mount != null) {
        which = new Subvolume.ByPath(mount.subvol());
        path = path.length() == mount.dir().length() ? "/" : path.substring(mount.dir().length());
        missing = "couldn't locate " + mount.subvol();
      } else if (st.subvol != null && !st.subvol.isEmpty()) {
        which = new Subvolume.ByPath(st.subvol);
        missing = "couldn't locate " + st.subvol;
      } else if (st.subvolId != 0) {
        which = new Subvolume.ById(st.subvolId);
        missing = "can't find fs root for subvol " + Long.toUnsignedString(st.subvolId);
      } else {
        which = new Subvolume.Default();
        missing = "the default subvolume";
      }
    }
    Optional<Volume> view = v.subvolume(which);
    if (view.isEmpty()) {
      throw new GrubFail(GrubFail.FILE_NOT_FOUND, missing);
    }
    return new Devices.Resolved(view.get(), path, r.device(), r.substitution());
  }

  /** find_mtab_subvol_tree: the mount whose directory is the longest string prefix of the path. */
  private static Mount mountFor(State st, String device, String path) {
    Mount best = null;
    for (Mount mt : st.mounts) {
      if (mt.device().equals(device)
          && path.startsWith(mt.dir())
          && (best == null || mt.dir().compareTo(best.dir()) > 0)) {
        best = mt;
      }
    }
    return best;
  }

  /** {@code btrfs-mount-subvol DEVICE DIRECTORY SUBVOL}. */
  static int mountSubvol(Machine m, List<String> args) throws GrubFail, IOException {
    if (args.size() < 3) {
      throw new GrubFail(GrubFail.BAD_ARGUMENT, "required <dev> <dir> and <subvol>");
    }
    String dev = args.get(0);
    String name;
    if (dev.startsWith("(") && dev.indexOf(')') > 0) {
      name = dev.substring(1, dev.indexOf(')'));
    } else {
      name = m.env.get("root");
      if (name == null) {
        throw new GrubFail(GrubFail.BAD_DEVICE, "variable `root' isn't set");
      }
    }
    Devices.Resolved d = m.s.devices.device(name);
    Volume v = d.volume();
    if (!v.hasSubvolumes()) {
      throw new GrubFail(GrubFail.UNKNOWN_FS, "not a Btrfs filesystem");
    }
    String dir = args.get(1);
    String subvol = args.get(2);
    Devices.Resolved at = view(m, new Devices.Resolved(v, dir, d.device(), d.substitution()));
    Optional<FileStat> st = Devices.stat(at.volume(), at.path(), true);
    if (st.isEmpty()) {
      throw new GrubFail(GrubFail.FILE_NOT_FOUND, "file `" + dir + "' not found");
    }
    if (st.get().type() != FileType.DIRECTORY) {
      throw new GrubFail(GrubFail.BAD_FILE_TYPE, "not a directory");
    }
    if (v.subvolume(new Subvolume.ByPath(subvol)).isEmpty()) {
      throw new GrubFail(GrubFail.BAD_FILE_TYPE, subvol + ": not a subvolume");
    }
    State state = m.env.btrfs;
    // Past the bound the command fails, as GRUB's would when its memory runs out.
    int max = m.s.limits.maxSubvolumeMounts();
    if (state.mounts.size() >= max) {
      throw new GrubFail(
          GrubFail.BAD_ARGUMENT,
          "more than " + max + " subvolume mounts (Limits maxSubvolumeMounts)");
    }
    state.mounts.add(new Mount(v.grubDevice(), dir, subvol));
    return 0;
  }
}
