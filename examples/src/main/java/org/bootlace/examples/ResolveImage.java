package org.bootlace.examples;

import java.io.IOException;
import java.nio.file.Path;
import org.bootlace.BootRecord;
import org.bootlace.BootSource;
import org.bootlace.GuestFile;

/** Prints what a guest image boots: {@code ResolveImage IMAGE}. */
public final class ResolveImage {
  private ResolveImage() {}

  public static void main(String[] args) throws IOException {
    if (args.length != 1) {
      System.err.println("usage: ResolveImage IMAGE");
      System.exit(2);
    }
    try (BootSource source = BootSource.open(Path.of(args[0]))) {
      BootRecord boot = source.resolveBoot();
      System.out.println("kernel   " + describe(boot.kernel()));
      for (GuestFile ramdisk : boot.ramdisks()) {
        System.out.println("ramdisk  " + describe(ramdisk));
      }
      System.out.println("args     " + boot.args());
      boot.entry()
          .ifPresent(e -> System.out.println("entry    " + e.indexPath() + " " + e.title()));
      boot.provenance().config().ifPresent(c -> System.out.println("config   " + c));
    }
  }

  private static String describe(GuestFile f) {
    return f.location() + " (" + f.size() + " bytes)";
  }
}
