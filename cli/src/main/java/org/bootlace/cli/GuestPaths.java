package org.bootlace.cli;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bootlace.BootSource;
import org.bootlace.Volume;

/**
 * A path inside the image as the command line takes it: {@code p2:/boot/grub/grub.cfg}, {@code
 * (hd0,msdos2)/boot/grub/grub.cfg}, an assembled volume by a GRUB name ({@code
 * (lvm/vg-root)/boot/vmlinuz}, {@code (md/boot)/grub2/grub.cfg}), a volume nested in a filesystem
 * ({@code (hd0,eltorito1)/EFI/boot/grub.cfg}), or a bare path looked up on every volume in turn.
 */
record GuestPaths(Volume volume, String path) {
  private static final Pattern PARTITION = Pattern.compile("p(\\d{1,4}):(.*)");
  private static final Pattern GRUB_DEVICE =
      Pattern.compile("\\(hd0(?:,(?:msdos|gpt)?(\\d{1,4}))?\\)(.*)");

  /** A volume nested in a filesystem, by its GRUB-style name: {@code (hd0,eltorito1)}. */
  private static final Pattern NESTED = Pattern.compile("\\((hd0,[a-z]+\\d{1,4})\\)(.*)");

  private static final Pattern ASSEMBLED =
      Pattern.compile("\\(((?:lvm|lvmid|md|mduuid)/[^)]+)\\)(.*)");

  static GuestPaths resolve(BootSource source, String spec) throws IOException, CliException {
    Matcher m = PARTITION.matcher(spec);
    if (m.matches()) {
      return on(source, Integer.parseInt(m.group(1)), m.group(2), spec);
    }
    m = GRUB_DEVICE.matcher(spec);
    if (m.matches()) {
      return on(source, m.group(1) == null ? 0 : Integer.parseInt(m.group(1)), m.group(2), spec);
    }
    List<Volume> volumes = source.volumes();
    m = NESTED.matcher(spec);
    if (m.matches()) {
      for (Volume v : volumes) {
        if (v.grubDevice().equals(m.group(1))) {
          return new GuestPaths(v, m.group(2).isEmpty() ? "/" : m.group(2));
        }
      }
      throw new CliException(
          Text.safe(spec)
              + ": no volume ("
              + Text.safe(m.group(1))
              + ") with a filesystem bootlace can read");
    }
    m = ASSEMBLED.matcher(spec);
    if (m.matches()) {
      for (Volume v : volumes) {
        if (v.partition().deviceNames().contains(m.group(1))) {
          return new GuestPaths(v, m.group(2).isEmpty() ? "/" : m.group(2));
        }
      }
      throw new CliException(
          Text.safe(spec)
              + ": no volume ("
              + Text.safe(m.group(1))
              + ") with a filesystem bootlace can read");
    }
    if (volumes.isEmpty()) {
      throw new CliException(source + ": no readable filesystem");
    }
    List<String> tried = new ArrayList<>();
    for (Volume v : volumes) {
      if (v.lstat(spec).isPresent()) {
        return new GuestPaths(v, spec);
      }
      tried.add("(" + v.grubDevice() + ") " + v.fsType());
    }
    throw new CliException(Text.safe(spec) + ": not found on " + String.join(", ", tried));
  }

  private static GuestPaths on(BootSource source, int number, String path, String spec)
      throws IOException, CliException {
    Optional<Volume> v = source.volume(number);
    if (v.isEmpty()) {
      throw new CliException(
          Text.safe(spec) + ": partition " + number + " has no filesystem bootlace can read");
    }
    return new GuestPaths(v.get(), path.isEmpty() ? "/" : path);
  }
}
