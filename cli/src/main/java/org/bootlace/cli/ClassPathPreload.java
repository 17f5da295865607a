package org.bootlace.cli;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * Makes the whole class path usable without opening a file again, for a process about to chroot
 * into an empty directory: every jar is opened (the class loader keeps jars open), and every class
 * in a class directory (a development build) is loaded.
 */
final class ClassPathPreload {
  private ClassPathPreload() {}

  static void run() throws IOException {
    ClassLoader loader = ClassPathPreload.class.getClassLoader();
    loader.getResources("META-INF/MANIFEST.MF").asIterator().forEachRemaining(u -> {});
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      Path dir = Path.of(entry);
      if (!Files.isDirectory(dir)) {
        continue;
      }
      try (Stream<Path> files = Files.walk(dir)) {
        for (Path f :
            (Iterable<Path>) files.filter(p -> p.toString().endsWith(".class"))::iterator) {
          String name = dir.relativize(f).toString().replace(File.separatorChar, '.');
          name = name.substring(0, name.length() - ".class".length());
          if (name.endsWith("module-info") || name.endsWith("package-info")) {
            continue;
          }
          try {
            Class.forName(name, false, loader);
          } catch (ClassNotFoundException | LinkageError e) {
            // A class that cannot load now would not load later either.
          }
        }
      }
    }
  }
}
