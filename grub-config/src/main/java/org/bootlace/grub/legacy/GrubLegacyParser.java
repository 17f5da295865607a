package org.bootlace.grub.legacy;

import java.io.IOException;
import java.util.List;
import org.bootlace.BootMenu;
import org.bootlace.FileRef;
import org.bootlace.spi.BootConfigParser;
import org.bootlace.spi.ConfigContext;
import org.bootlace.spi.ConfigLocation;

/**
 * GRUB legacy (0.97) menus: {@code menu.lst} and Red Hat's {@code grub.conf}, evaluated as GRUB's
 * stage2 evaluates them, found where pygrub looks for them and after pygrub's GRUB 2 and syslinux
 * locations.
 */
public final class GrubLegacyParser implements BootConfigParser {
  private static final List<ConfigLocation> LOCATIONS =
      List.of(
          new ConfigLocation("/boot/grub/menu.lst", 300),
          new ConfigLocation("/boot/grub/grub.conf", 301),
          new ConfigLocation("/grub/menu.lst", 302),
          new ConfigLocation("/grub/grub.conf", 303));

  /**
   * Creates the parser; {@link java.util.ServiceLoader} calls it, as a {@link
   * org.bootlace.spi.BootConfigParser} service.
   */
  public GrubLegacyParser() {}

  @Override
  public String name() {
    return "grub-legacy";
  }

  @Override
  public int priority() {
    return 300;
  }

  @Override
  public List<ConfigLocation> locations() {
    return LOCATIONS;
  }

  @Override
  public BootMenu parse(ConfigContext context) throws IOException {
    Session session = new Session(context);
    String key = Session.key(context.volume(), context.path());
    session.enter(key);
    MenuFile.Result menu =
        new MenuFile(session, context.volume(), context.path(), context.path(), List.of(), 0)
            .evaluate(context.content());
    return BootMenu.builder()
        .parser(name())
        .config(new FileRef(context.volume(), context.path()))
        .entries(menu.entries())
        .defaultEntry(menu.defaultPath())
        .defaultReason(menu.reason())
        .timeoutSeconds(menu.timeout())
        .warnings(session.diagnostics().list())
        .build();
  }
}
