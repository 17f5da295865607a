package org.bootlace;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Turns a menu and the options into a {@link BootRecord}: one entry chosen, its files opened. */
final class Resolution {
  private final BootSource source;
  private final BootOptions options;
  private final Limits limits;

  Resolution(BootSource source) {
    this.source = source;
    this.options = source.options();
    this.limits = source.limits();
  }

  BootRecord resolve(Optional<String> selector) throws IOException {
    if (options.kernel().isPresent()) {
      return resolveOverride(options.kernel().get());
    }
    BootMenu menu = source.findMenu();
    MenuEntry chosen = choose(menu, selector);
    // A submenu chosen by name boots the entry its bootloader boots on entering it.
    for (int depth = 0;
        chosen.kind() == EntryKind.SUBMENU && chosen.defaultChild().isPresent() && depth < 64;
        depth++) {
      Optional<MenuEntry> child = menu.entry(chosen.defaultChild().get());
      if (child.isEmpty()) {
        break;
      }
      chosen = child.get();
    }
    MenuEntry entry = chosen;
    if (entry.kind() == EntryKind.SUBMENU) {
      throw new BootEntryException(
          menu.config() + ": entry " + entry.indexPath() + " '" + entry.title() + "' is a submenu");
    }
    BootTarget target =
        entry
            .target()
            .orElseThrow(
                () ->
                    new BootEntryException(
                        menu.config()
                            + ": entry "
                            + entry.indexPath()
                            + " '"
                            + entry.title()
                            + "' loads no kernel"
                            + (entry.notes().isEmpty()
                                ? ""
                                : ": " + String.join("; ", entry.notes()))));
    GuestFile kernel = openKernel(target.kernel());
    List<GuestFile> ramdisks = new ArrayList<>();
    if (options.ramdisk().isPresent()) {
      ramdisks.add(target.kernel().volume().open(options.ramdisk().get()));
    } else {
      for (FileRef initrd : target.initrds()) {
        ramdisks.add(initrd.open());
      }
    }
    checkRamdisks(ramdisks);
    return new BootRecord(
        entry.kind(),
        kernel,
        ramdisks,
        withExtraArgs(target.args()),
        Optional.of(entry),
        source.provenance(menu.config().volume(), Optional.of(menu)));
  }

  /**
   * An entry edited in a menu before booting (pygrub's {@code e}): the kernel and ramdisks are the
   * given paths on the volume of the entry's kernel, the command line is {@code args} with {@code
   * --args} appended; the entry's own files are not opened.
   */
  BootRecord resolveEdited(
      String selector, String kernelPath, List<String> ramdiskPaths, String args)
      throws IOException {
    BootMenu menu = source.findMenu();
    MenuEntry entry = choose(menu, Optional.of(selector));
    if (entry.target().isEmpty()) {
      throw new BootEntryException(
          menu.config()
              + ": entry "
              + entry.indexPath()
              + " '"
              + entry.title()
              + "' loads no kernel to edit");
    }
    List<String> paths = new ArrayList<>(ramdiskPaths);
    paths.add(0, kernelPath);
    for (String p : paths) {
      if (!p.startsWith("/")) {
        throw new BootEntryException(
            menu.config()
                + ": entry "
                + entry.indexPath()
                + " '"
                + entry.title()
                + "' as edited: '"
                + p
                + "' is not an absolute path");
      }
    }
    Volume v = entry.target().get().kernel().volume();
    GuestFile kernel = openKernel(new FileRef(v, kernelPath));
    List<GuestFile> ramdisks = new ArrayList<>();
    for (String r : ramdiskPaths) {
      ramdisks.add(v.open(r));
    }
    checkRamdisks(ramdisks);
    return new BootRecord(
        entry.kind(),
        kernel,
        ramdisks,
        withExtraArgs(args),
        Optional.of(entry),
        source.provenance(menu.config().volume(), Optional.of(menu)));
  }

  /** pygrub's {@code --kernel}: no configuration, the first volume holding that kernel. */
  private BootRecord resolveOverride(String kernelPath) throws IOException {
    List<String> skipped = new ArrayList<>();
    List<String> searched = new ArrayList<>();
    for (Volume v : source.searchVolumes(skipped)) {
      if (!v.isFile(kernelPath)) {
        searched.add("(" + v.grubDevice() + ")");
        continue;
      }
      GuestFile kernel = openKernel(new FileRef(v, kernelPath));
      List<GuestFile> ramdisks = new ArrayList<>();
      if (options.ramdisk().isPresent()) {
        ramdisks.add(v.open(options.ramdisk().get()));
      }
      checkRamdisks(ramdisks);
      return new BootRecord(
          EntryKind.LINUX,
          kernel,
          ramdisks,
          options.extraArgs().orElse(""),
          Optional.empty(),
          source.provenance(v, Optional.empty()));
    }
    throw new BootEntryException(
        "kernel "
            + kernelPath
            + " not found in "
            + source
            + " (searched "
            + String.join(", ", searched)
            + (skipped.isEmpty() ? "" : "; no filesystem: " + String.join("; ", skipped))
            + ")");
  }

  private MenuEntry choose(BootMenu menu, Optional<String> selector) throws BootEntryException {
    if (selector.isPresent()) {
      return menu.find(selector.get())
          .orElseThrow(
              () ->
                  new BootEntryException(
                      menu.config()
                          + ": no entry matches '"
                          + selector.get()
                          + "'; "
                          + summary(menu)));
    }
    return menu.defaultMenuEntry()
        .orElseThrow(
            () ->
                new BootEntryException(
                    menu.config()
                        + ": no default entry: "
                        + menu.defaultReason()
                        + "; "
                        + summary(menu)));
  }

  private static String summary(BootMenu menu) {
    if (menu.entries().isEmpty()) {
      return "the menu has no entries";
    }
    StringBuilder s = new StringBuilder("entries:");
    int shown = 0;
    for (MenuEntry e : menu.entries()) {
      if (shown++ == 20) {
        s.append(" ...");
        break;
      }
      s.append(' ').append(e.indexPath()).append(" '").append(e.title()).append('\'');
    }
    return s.toString();
  }

  private GuestFile openKernel(FileRef ref) throws IOException {
    GuestFile kernel = ref.open();
    Limits.check(
        "maxKernelBytes", limits.maxKernelBytes(), kernel.size(), "kernel " + kernel.location());
    return kernel;
  }

  private void checkRamdisks(List<GuestFile> ramdisks) throws LimitExceededException {
    long total = 0;
    for (GuestFile r : ramdisks) {
      Limits.check(
          "maxRamdiskBytes", limits.maxRamdiskBytes(), r.size(), "ramdisk " + r.location());
      total += r.size();
      Limits.check("maxRamdiskBytes", limits.maxRamdiskBytes(), total, "ramdisks together");
    }
  }

  /** pygrub's rule: the entry's arguments, then a space and {@code --args} when given. */
  private String withExtraArgs(String args) {
    return options.extraArgs().filter(e -> !e.isEmpty()).map(e -> args + " " + e).orElse(args);
  }
}
