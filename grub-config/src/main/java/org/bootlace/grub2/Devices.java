package org.bootlace.grub2;

import java.io.IOException;
import java.util.List;
import java.util.Optional;
import org.bootlace.BootlaceException;
import org.bootlace.FileStat;
import org.bootlace.LimitExceededException;
import org.bootlace.Volume;
import org.bootlace.spi.ConfigContext;
import org.bootlace.spi.FileType;

/**
 * GRUB device names and file names mapped onto the image's volumes. The image is GRUB's {@code
 * hd0}; {@code (hd0,N)}, {@code (hd0,msdosN)} and {@code (hd0,gptN)} are its partitions as Linux
 * numbers them. When the image is a bare filesystem with no partition table (a Xen guest's disk is
 * often one partition exported whole), every {@code (hd0,N)} stands for that filesystem, with a
 * note, as pygrub reads everything from the filesystem it found the configuration on. Assembled
 * volumes answer to their own names ({@code (lvm/vg-root)}, {@code (md/boot)}, and the {@code
 * lvmid/} and {@code mduuid/} forms grub-mkconfig writes).
 *
 * <p>A configuration read over the network is on a volume named as GRUB names the device it booted
 * from ({@code tftp,SERVER}, or {@code http,SERVER}); there every name GRUB 2.06's {@code
 * grub_net_open_real} gives that server answers: {@code (tftp)} and {@code (http)} (the default
 * server), {@code (tftp,SERVER)}, and the older {@code (pxe)} and {@code (pxe:SERVER)} for TFTP. No
 * disk is there ({@code (hd0)} is not found), and another server is not reached.
 */
final class Devices {
  /** A file on a volume, and the note to make if the device was substituted. */
  record Resolved(Volume volume, String path, String device, Optional<String> substitution) {}

  private final ConfigContext context;
  private final Volume own;

  /** pvgrub2 names the guest's first disk (xen/xvda) where other GRUBs say hd0. */
  private final boolean xenNames;

  Devices(ConfigContext context, Volume own, boolean xenNames) {
    this.context = context;
    this.own = own;
    this.xenNames = xenNames;
  }

  /**
   * The name this GRUB gives a volume: {@code hd0,msdos1}, or {@code xen/xvda,msdos1} in pvgrub2.
   */
  String name(Volume v) {
    String n = v.grubDevice();
    if (xenNames && (n.equals("hd0") || n.startsWith("hd0,"))) {
      return "xen/xvda" + n.substring(3);
    }
    return n;
  }

  List<Volume> volumes() throws IOException {
    return context.volumes();
  }

  /**
   * The volumes in the order grub_device_iterate visits them (kern/device.c): the whole disk, then
   * its partitions, which it collects by prepending to a list as the partition map is walked, so
   * the last in the table comes first.
   */
  List<Volume> iterationOrder() throws IOException {
    List<Volume> all = new java.util.ArrayList<>(context.volumes());
    // Whole disk first, then partitions from the last; a plain lambda, since Comparator's
    // combinators spin hidden classes at run time, at every start of the command line.
    all.sort(
        (a, b) -> {
          int na = a.partition().number();
          int nb = b.partition().number();
          return na == 0 || nb == 0
              ? Integer.compare(na == 0 ? 0 : 1, nb == 0 ? 0 : 1)
              : Integer.compare(nb, na);
        });
    return all;
  }

  private boolean bareFilesystem() {
    return own.partition().number() == 0;
  }

  /** A device on the network: the protocol GRUB reads it with and the server. */
  record NetDevice(String protocol, String server) {}

  /** The protocol and server of a network volume's name ({@code tftp,10.0.0.1}), or empty. */
  static Optional<NetDevice> networkVolume(String grubDevice) {
    int comma = grubDevice.indexOf(',');
    if (comma < 0) {
      return Optional.empty();
    }
    String protocol = grubDevice.substring(0, comma);
    return protocol.equals("tftp") || protocol.equals("http")
        ? Optional.of(new NetDevice(protocol, grubDevice.substring(comma + 1)))
        : Optional.empty();
  }

  /**
   * A name for a device on the network, as net.c reads it: {@code pxe} and {@code pxe:SERVER} are
   * TFTP, {@code PROTOCOL} alone is the default server; empty when {@code name} names no network
   * protocol GRUB has.
   */
  static Optional<NetDevice> networkName(String name, String defaultServer) {
    if (name.startsWith("pxe:")) {
      return Optional.of(new NetDevice("tftp", name.substring(4)));
    }
    if (name.equals("pxe")) {
      return Optional.of(new NetDevice("tftp", defaultServer));
    }
    int comma = name.indexOf(',');
    String protocol = comma < 0 ? name : name.substring(0, comma);
    if (!protocol.equals("tftp") && !protocol.equals("http")) {
      return Optional.empty();
    }
    return Optional.of(
        new NetDevice(protocol, comma < 0 ? defaultServer : name.substring(comma + 1)));
  }

  /** The volume a device name (without parentheses) names. */
  Resolved device(String name) throws GrubFail, IOException {
    Optional<NetDevice> net = networkVolume(own.grubDevice());
    if (net.isPresent()) {
      Optional<NetDevice> asked = networkName(name, net.get().server());
      if (asked.equals(net)) {
        return new Resolved(own, "", name, Optional.empty());
      }
      if (asked.isPresent()) {
        throw new GrubFail(
            GrubFail.UNKNOWN_DEVICE,
            "disk `"
                + name
                + "' not found (only "
                + own.grubDevice()
                + ", the server booted from, is read)");
      }
      throw new GrubFail(GrubFail.UNKNOWN_DEVICE, "disk `" + name + "' not found");
    }
    int comma = name.indexOf(',');
    String disk = comma < 0 ? name : name.substring(0, comma);
    // pvgrub2 names the guest's first virtual disk after its Xen device: (xen/xvda,msdos1).
    if (!disk.equals("hd0") && !disk.equals("xen/xvda")) {
      // An assembled volume by any of its GRUB names: (lvm/vg-root), (lvmid/..), (md/boot),
      // (mduuid/..).
      for (Volume v : context.volumes()) {
        if (v.partition().deviceNames().contains(name)) {
          return new Resolved(v, "", name, Optional.empty());
        }
      }
      throw new GrubFail(GrubFail.UNKNOWN_DEVICE, "disk `" + name + "' not found");
    }
    if (comma < 0) {
      Optional<Volume> whole = context.partition(0);
      if (whole.isEmpty()) {
        throw new GrubFail(GrubFail.UNKNOWN_FS, "unknown filesystem");
      }
      return new Resolved(whole.get(), "", name, Optional.empty());
    }
    String spec = name.substring(comma + 1);
    int letters = 0;
    while (letters < spec.length() && Lexer.isAlpha(spec.charAt(letters))) {
      letters++;
    }
    String scheme = spec.substring(0, letters);
    String digits = spec.substring(letters);
    int number = parsePartition(digits);
    if (number <= 0) {
      throw new GrubFail(GrubFail.BAD_DEVICE, "no such partition");
    }
    if (bareFilesystem()) {
      String note =
          "("
              + name
              + "): the image has no partition table; using ("
              + own.grubDevice()
              + "), the filesystem the configuration is on, as pygrub does";
      return new Resolved(own, "", name, Optional.of(note));
    }
    Optional<Volume> v = context.partition(number);
    if (v.isEmpty() || (!scheme.isEmpty() && !scheme.equals(v.get().partition().scheme()))) {
      throw new GrubFail(GrubFail.BAD_DEVICE, "no such partition");
    }
    return new Resolved(v.get(), "", name, Optional.empty());
  }

  private static int parsePartition(String digits) {
    if (digits.isEmpty() || digits.length() > 6) {
      return -1;
    }
    for (int i = 0; i < digits.length(); i++) {
      if (!Lexer.isDigit(digits.charAt(i))) {
        return -1;
      }
    }
    return Integer.parseInt(digits);
  }

  /**
   * A file name as GRUB opens it: {@code (device)/path}, or {@code /path} on {@code $root}. The
   * path part must start with {@code /}; an empty path names the device itself.
   */
  Resolved file(String spec, String root) throws GrubFail, IOException {
    String device;
    String path;
    if (spec.startsWith("(")) {
      int close = spec.indexOf(')');
      if (close < 0) {
        throw new GrubFail(GrubFail.BAD_FILENAME, "missing `)' in `" + spec + "'");
      }
      device = spec.substring(1, close);
      path = spec.substring(close + 1);
    } else {
      if (root == null) {
        throw new GrubFail(GrubFail.BAD_DEVICE, "variable `root' isn't set");
      }
      device = root;
      path = spec;
    }
    if (!path.isEmpty() && !path.startsWith("/")) {
      throw new GrubFail(GrubFail.BAD_FILENAME, "invalid file name `" + spec + "'");
    }
    Resolved d = device(device);
    return new Resolved(d.volume(), path, d.device(), d.substitution());
  }

  /**
   * A file name as {@link #file(String, String)} reads it, with {@code $root} and the btrfs
   * subvolume choices of {@code m}'s environment applied.
   */
  Resolved file(String spec, Machine m) throws GrubFail, IOException {
    return BtrfsSubvolumes.view(m, file(spec, m.env.get("root")));
  }

  /** A regular file GRUB can open, or the error GRUB gives. */
  Resolved regularFile(String spec, Machine m) throws GrubFail, IOException {
    Resolved r = file(spec, m);
    if (r.path().isEmpty()) {
      throw new GrubFail(GrubFail.BAD_FILENAME, "invalid file name `" + spec + "'");
    }
    Optional<FileStat> st = stat(r.volume(), r.path(), true);
    if (st.isEmpty() || st.get().type() != FileType.REGULAR) {
      if (st.isPresent()) {
        throw new GrubFail(GrubFail.BAD_FILE_TYPE, "not a regular file");
      }
      throw new GrubFail(GrubFail.FILE_NOT_FOUND, "file `" + spec + "' not found");
    }
    return r;
  }

  /**
   * What a path leads to. A guest problem on the way (a symlink loop, a corrupt directory) is the
   * failure of the GRUB command that looked, as it is in GRUB; running out of time is not.
   */
  static Optional<FileStat> stat(Volume v, String path, boolean follow)
      throws GrubFail, IOException {
    try {
      return follow ? v.stat(path) : v.lstat(path);
    } catch (LimitExceededException e) {
      if (e.limit().equals("timeout")) {
        throw e;
      }
      throw new GrubFail(GrubFail.FILE_NOT_FOUND, e.getMessage());
    } catch (BootlaceException e) {
      throw new GrubFail(GrubFail.FILE_NOT_FOUND, e.getMessage());
    }
  }
}
