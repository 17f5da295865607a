package org.bootlace.grub2;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The GRUB the configuration is evaluated for. By default the GRUB a Xen PV guest boots through
 * (pvgrub2, GRUB 2.06 built for the {@code xen} platform): {@code grub_platform=xen}, {@code
 * grub_cpu=x86_64} ({@code i386} for the BIOS model, as GRUB's i386-pc build), the ten {@code
 * feature_*} variables GRUB 2.06's normal mode exports, and the colours it sets. Callers override
 * any of them, and add others, through {@code BootOptions.variables()}; {@code grub_platform} then
 * also decides what the loaders do (see {@link #bootImage()}).
 *
 * <p>Which GRUB source it is: upstream GRUB 2.06, or the GRUB Fedora and RHEL ship (and their
 * rebuilds), which has {@code blscfg} and chooses the default entry differently (see {@link
 * FedoraEntryNumber}). The caller says which with the pseudo-variable {@value #FLAVOUR} ({@code
 * upstream} or {@code fedora}), which never reaches GRUB's environment; without it the evaluation
 * starts as upstream and becomes Fedora's once the configuration runs {@code blscfg}, a command
 * only Fedora's GRUB has.
 */
final class Platform {
  /** The GRUB source tree whose rules apply where the two differ. */
  enum Flavour {
    UPSTREAM,
    FEDORA
  }

  static final String FLAVOUR = "grub_flavour";

  static final String[] FEATURES = {
    "feature_chainloader_bpb", "feature_ntldr", "feature_platform_search_hint",
    "feature_default_font_path", "feature_all_video_module", "feature_menuentry_id",
    "feature_menuentry_options", "feature_200_final", "feature_nativedisk_cmd",
    "feature_timeout_style"
  };

  final Map<String, String> exported = new LinkedHashMap<>();
  final Map<String, String> plain = new LinkedHashMap<>();
  final Map<String, String> overrides;

  /** The caller's choice of flavour, or null to decide from the configuration. */
  final Flavour flavour;

  /** A value of {@value #FLAVOUR} that names no flavour, or null. */
  final String badFlavour;

  /** The boot path modelled (BootOptions.platform()). */
  final org.bootlace.BootOptions.Platform model;

  Platform(Map<String, String> overrides) {
    this(overrides, org.bootlace.BootOptions.Platform.XEN);
  }

  Platform(Map<String, String> overrides, org.bootlace.BootOptions.Platform model) {
    this.model = model;
    Map<String, String> rest = new LinkedHashMap<>(overrides);
    String chosen = rest.remove(FLAVOUR);
    this.overrides = java.util.Collections.unmodifiableMap(rest);
    this.flavour =
        "fedora".equals(chosen)
            ? Flavour.FEDORA
            : "upstream".equals(chosen) ? Flavour.UPSTREAM : null;
    this.badFlavour = chosen != null && flavour == null ? chosen : null;
    for (String f : FEATURES) {
      exported.put(f, "y");
    }
    // GRUB for BIOS is built for i386 (i386-pc); for EFI and Xen, x86_64.
    exported.put("grub_cpu", model == org.bootlace.BootOptions.Platform.PC ? "i386" : "x86_64");
    exported.put("grub_platform", modelPlatform());
    exported.put("color_normal", "light-gray/black");
    exported.put("color_highlight", "black/light-gray");
    plain.put("pager", "");
  }

  private String modelPlatform() {
    return switch (model) {
      case PC -> "pc";
      case EFI -> "efi";
      default -> "xen";
    };
  }

  String name() {
    return overrides.getOrDefault("grub_platform", modelPlatform());
  }

  /**
   * Debian's pvgrub2 image: GRUB runs from a memdisk, so $prefix is there, not on the guest's disk.
   */
  boolean pvgrub2() {
    return model == org.bootlace.BootOptions.Platform.PVGRUB2;
  }

  /**
   * Whether the Linux loader puts {@code BOOT_IMAGE=<kernel as named>} first on the command line:
   * GRUB's x86 loaders for BIOS and EFI do (loader/i386/linux.c); the Xen PV loader
   * (loader/i386/xen.c) does not, and neither does pygrub.
   */
  boolean bootImage() {
    return !name().equals("xen");
  }

  /** Whether GRUB on this platform has a chainloader at all (it has none for Xen). */
  boolean chainloader() {
    return name().equals("pc") || name().equals("efi") || name().equals("coreboot");
  }

  /** Command-line room: the Xen PV start info holds 1024 bytes; x86 kernels announce their own. */
  long cmdlineBytes() {
    return name().equals("xen") ? 1023 : Long.MAX_VALUE;
  }
}
