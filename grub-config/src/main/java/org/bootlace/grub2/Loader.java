package org.bootlace.grub2;

import java.util.ArrayList;
import java.util.List;
import org.bootlace.BootTarget;
import org.bootlace.EntryKind;
import org.bootlace.FileRef;

/** What an entry's commands have loaded so far: GRUB's loader state for one boot attempt. */
final class Loader {
  EntryKind kind;
  FileRef kernel;
  String kernelName;
  String args = "";
  List<FileRef> initrds = new ArrayList<>();
  FileRef devicetree;
  List<BootTarget.Module> modules = new ArrayList<>();

  /** grub_loader_is_loaded: a kernel (or chainloaded image) is ready to boot. */
  boolean loaded;

  /** What was attempted, even when it failed: a chainloader entry is one. */
  EntryKind attempted;

  /**
   * A chainloaded unified kernel image: booted as Linux, but GRUB's initrd has no kernel of its
   * own.
   */
  boolean uki;

  final List<String> notes = new ArrayList<>();

  void unload() {
    kind = null;
    kernel = null;
    kernelName = null;
    args = "";
    initrds = new ArrayList<>();
    devicetree = null;
    modules = new ArrayList<>();
    loaded = false;
    uki = false;
  }
}
