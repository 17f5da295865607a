package org.bootlace.syslinux;

import java.io.IOException;
import java.util.List;
import org.bootlace.BootMenu;
import org.bootlace.FileRef;
import org.bootlace.spi.BootConfigParser;
import org.bootlace.spi.ConfigContext;
import org.bootlace.spi.ConfigLocation;

/**
 * The syslinux family's configurations ({@code isolinux.cfg}, {@code extlinux.conf}, {@code
 * syslinux.cfg}, PXELINUX's {@code pxelinux.cfg/*}), evaluated as syslinux 6 evaluates them, found
 * after GRUB 2's locations and before GRUB legacy's, as pygrub orders them.
 */
public final class SyslinuxParser implements BootConfigParser {
  /**
   * Creates the parser; {@link java.util.ServiceLoader} calls it, as a {@link
   * org.bootlace.spi.BootConfigParser} service.
   */
  public SyslinuxParser() {}

  @Override
  public String name() {
    return "syslinux";
  }

  @Override
  public int priority() {
    return 200;
  }

  @Override
  public List<ConfigLocation> locations() {
    return SearchOrder.LOCATIONS;
  }

  @Override
  public BootMenu parse(ConfigContext context) throws IOException {
    Session session = new Session(context);
    String path = context.path();
    String cwd = Paths.initialDirectory(path);
    session.enterConfig(session.key(path));
    session
        .diagnostics()
        .explain(path + ": read by syslinux with " + cwd + " as its current directory");
    ConfigRun.Result r =
        new ConfigRun(session, path, cwd, List.of(), 0, false).evaluate(context.content());
    return BootMenu.builder()
        .parser(name())
        .config(new FileRef(context.volume(), path))
        .entries(r.entries())
        .defaultEntry(r.defaultPath())
        .defaultReason(r.reason())
        .timeoutSeconds(r.timeout())
        .warnings(session.diagnostics().warnings())
        .explanation(session.diagnostics().explanation())
        .build();
  }
}
