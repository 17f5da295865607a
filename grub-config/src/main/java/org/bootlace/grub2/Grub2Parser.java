package org.bootlace.grub2;

import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.bootlace.BootMenu;
import org.bootlace.FileRef;
import org.bootlace.Volume;
import org.bootlace.spi.BootConfigParser;
import org.bootlace.spi.ConfigContext;
import org.bootlace.spi.ConfigLocation;

/**
 * GRUB 2's {@code grub.cfg}, evaluated as GRUB 2.06 evaluates it: a real lexer, parser and executor
 * for GRUB's script language, grubenv, {@code search}, {@code configfile}, submenus and BLS entries
 * ({@code blscfg}), with the default entry chosen by GRUB's own rules. Found where pygrub looks for
 * it, then in ISO loopback configurations and EFI system partitions.
 */
public final class Grub2Parser implements BootConfigParser {
  private static final List<ConfigLocation> LOCATIONS =
      List.of(
          new ConfigLocation("/boot/grub/grub.cfg", 100),
          new ConfigLocation("/grub/grub.cfg", 101),
          new ConfigLocation("/boot/grub2/grub.cfg", 102),
          new ConfigLocation("/grub2/grub.cfg", 103),
          new ConfigLocation("/boot/grub/loopback.cfg", 150),
          new ConfigLocation("/EFI/*/grub.cfg", 160),
          new ConfigLocation("/boot/efi/EFI/*/grub.cfg", 161));

  /**
   * Creates the parser; {@link java.util.ServiceLoader} calls it, as a {@link
   * org.bootlace.spi.BootConfigParser} service.
   */
  public Grub2Parser() {}

  @Override
  public String name() {
    return "grub2";
  }

  @Override
  public int priority() {
    return 100;
  }

  @Override
  public List<ConfigLocation> locations() {
    return LOCATIONS;
  }

  @Override
  public BootMenu parse(ConfigContext context) throws IOException {
    Platform platform = new Platform(context.variables(), context.platform());
    Session s = new Session(context, platform);
    Env env = initialEnvironment(context, platform, s);
    Menus.Menu top = new Menus.Menu();
    env.setMenu(top);
    Machine m = new Machine(s, env, new HashMap<>(), s.warnings, false);
    FileRef config = new FileRef(context.volume(), context.path());
    MenuBuilder.Level level;
    try {
      m.runFile(context.volume(), context.path(), context.content());
      level = MenuBuilder.build(m, top, List.of(), 0, config);
    } catch (Control.Shown shown) {
      level = shown.level;
    } catch (Control.Stop stop) {
      s.warn(
          m.where
              + ": "
              + stop.why
              + " before any menu: GRUB never shows one; bootlace lists the entries made so far");
      level = MenuBuilder.build(m, top, List.of(), 0, config);
    }
    s.explain("default: " + level.reason());
    return BootMenu.builder()
        .parser(name())
        .config(level.config())
        .entries(level.entries())
        .defaultEntry(level.defaultPath())
        .defaultReason(level.reason())
        .timeoutSeconds(level.timeout())
        .warnings(s.allWarnings())
        .explanation(s.explanation)
        .build();
  }

  /**
   * What GRUB's kernel and normal mode set before reading the file: the platform variables (see
   * {@link Platform}), {@code root} as the configuration's device and {@code prefix} as its
   * directory, both exported, then the caller's overrides.
   */
  private static Env initialEnvironment(ConfigContext context, Platform platform, Session s)
      throws IOException {
    Env env = new Env(context.limits().maxVariableBytes());
    String origin = "GRUB's initial environment";
    for (Map.Entry<String, String> e : platform.exported.entrySet()) {
      env.set(e.getKey(), e.getValue(), origin);
      env.export(e.getKey(), origin);
    }
    for (Map.Entry<String, String> e : platform.plain.entrySet()) {
      env.set(e.getKey(), e.getValue(), origin);
    }
    Volume v = context.volume();
    String path = context.path();
    String dir = path.substring(0, Math.max(path.lastIndexOf('/'), 0));
    env.set("root", s.devices.name(v), origin);
    env.export("root", origin);
    env.set(
        "prefix",
        platform.pvgrub2() ? "(memdisk)/boot/grub" : "(" + v.grubDevice() + ")" + dir,
        origin);
    env.export("prefix", origin);
    for (Map.Entry<String, String> e : platform.overrides.entrySet()) {
      env.set(e.getKey(), e.getValue(), "BootOptions.variables()");
    }
    s.explain(
        "evaluated as GRUB 2.06 for grub_platform="
            + env.get("grub_platform")
            + ", grub_cpu="
            + env.get("grub_cpu")
            + " (platform "
            + platform.model.name().toLowerCase(java.util.Locale.ROOT)
            + ")"
            + "; root="
            + env.get("root")
            + ", prefix="
            + env.get("prefix"));
    if (!platform.overrides.isEmpty()) {
      s.explain("caller's variables: " + platform.overrides);
    }
    if (platform.flavour != null) {
      s.explain(
          "the caller chose "
              + (platform.flavour == Platform.Flavour.FEDORA
                  ? "Fedora's and RHEL's GRUB"
                  : "upstream GRUB")
              + " ("
              + Platform.FLAVOUR
              + ")");
    }
    if (platform.badFlavour != null) {
      s.warn(
          Platform.FLAVOUR
              + " '"
              + Env.abbreviate(platform.badFlavour)
              + "' is neither 'upstream' nor"
              + " 'fedora': GRUB's flavour is decided from the configuration");
    }
    return env;
  }
}
