package com.example.toolstack;

import java.io.IOException;
import java.nio.file.Path;
import org.bootlace.BootMenu;
import org.bootlace.BootRecord;
import org.bootlace.BootSource;
import org.bootlace.MenuEntry;

/** What a toolstack does with bootlace: list the menu, pick an entry by title, copy the kernel. */
public final class DirectBoot {
  private DirectBoot() {}

  /** Copies the kernel of the entry titled {@code title} to {@code kernel}; returns its arguments. */
  public static String prepare(Path image, String title, Path kernel) throws IOException {
    try (BootSource source = BootSource.open(image)) {
      BootMenu menu = source.menu();
      MenuEntry entry =
          menu.find(title).orElseThrow(() -> new IOException("no entry titled " + title));
      BootRecord boot = source.resolveBoot(entry);
      boot.kernel().copyTo(kernel);
      return boot.args();
    }
  }

  public static void main(String[] args) throws IOException {
    System.out.println(prepare(Path.of(args[0]), args[1], Path.of(args[2])));
  }
}
