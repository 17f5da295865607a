package org.bootlace;

import com.google.common.collect.ImmutableList;
import java.util.List;
import java.util.Optional;

/**
 * What to boot: the kernel, the ramdisks, the command line, and where they came from. The files are
 * read lazily from the image, so the {@link BootSource} must stay open while they are used.
 *
 * @param kind what the entry does; {@link EntryKind#LINUX} for pygrub's {@code --kernel}
 * @param kernel the kernel file
 * @param ramdisks the ramdisks in load order (several for early microcode, for instance)
 * @param args the kernel command line, with {@code --args} appended
 * @param entry the menu entry chosen; empty when pygrub's {@code --kernel} bypassed the menu
 * @param provenance the image, partition, filesystem and configuration the boot came from
 */
public record BootRecord(
    EntryKind kind,
    GuestFile kernel,
    List<GuestFile> ramdisks,
    String args,
    Optional<MenuEntry> entry,
    Provenance provenance) {

  /**
   * Copies {@code ramdisks} into an immutable list.
   *
   * @param kind what the entry does; {@link EntryKind#LINUX} for pygrub's {@code --kernel}
   * @param kernel the kernel file
   * @param ramdisks the ramdisks in load order (several for early microcode, for instance)
   * @param args the kernel command line, with {@code --args} appended
   * @param entry the menu entry chosen; empty when pygrub's {@code --kernel} bypassed the menu
   * @param provenance the image, partition, filesystem and configuration the boot came from
   */
  public BootRecord {
    ramdisks = ImmutableList.copyOf(ramdisks);
  }

  /**
   * {@return the ramdisks as the kernel sees them, one concatenated file; empty when there are
   * none}
   */
  public Optional<GuestFile> ramdisk() {
    if (ramdisks.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(ramdisks.size() == 1 ? ramdisks.get(0) : new ConcatenatedFile(ramdisks));
  }
}
