package org.bootlace.spi;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Set;

/**
 * The drivers on a class path, found through the index every bootlace module's build writes
 * ({@value #RESOURCE}: one line per driver, the driver interface's name and the class's name,
 * generated from the module's {@code META-INF/services} files). One scan of the class path reads
 * every index; each class is loaded and made with its public no-argument constructor, as {@link
 * ServiceLoader} would, without its per-kind scans and provider machinery, which a one-shot command
 * pays at every start.
 *
 * <p>A {@code META-INF/services} file for a kind the index beside it does not cover (a third-party
 * driver, or classes built without the index step) still counts: for that kind {@link
 * ServiceLoader} runs too, and adds the providers the indexes did not name.
 *
 * <p>On the module path the index is not used: a driver's package is not exported to core, so only
 * {@link ServiceLoader} (through the modules' {@code provides}) may make its classes.
 */
final class DriverIndex {
  static final String RESOURCE = "META-INF/bootlace/drivers";

  /** Whether core runs as a named module, where the index is not used (see above). */
  private static final boolean MODULE_PATH = DriverIndex.class.getModule().isNamed();

  private static final String SERVICES = "META-INF/services/";

  private final ClassLoader loader;

  /** Class names per driver interface name, in class path order. */
  private final Map<String, List<String>> named = new LinkedHashMap<>();

  /**
   * Which kinds each index covers: the URL where it was found, with the resource's own path cut
   * off, then a space and the driver interface's name.
   */
  private final Set<String> indexed = new HashSet<>();

  private DriverIndex(ClassLoader loader) {
    this.loader = loader;
  }

  /** Reads every index {@code loader} sees. */
  static DriverIndex read(ClassLoader loader) {
    DriverIndex index = new DriverIndex(loader);
    if (MODULE_PATH) {
      return index;
    }
    try {
      Enumeration<URL> found = loader.getResources(RESOURCE);
      while (found.hasMoreElements()) {
        index.readOne(found.nextElement());
      }
    } catch (IOException e) {
      throw new UncheckedIOException("reading the driver index " + RESOURCE, e);
    }
    return index;
  }

  private void readOne(URL url) throws IOException {
    String u = url.toString();
    String root = u.substring(0, u.length() - RESOURCE.length());
    try (BufferedReader in =
        new BufferedReader(new InputStreamReader(url.openStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = in.readLine()) != null) {
        int hash = line.indexOf('#');
        String entry = (hash >= 0 ? line.substring(0, hash) : line).strip();
        int space = entry.indexOf(' ');
        if (space < 0) {
          continue; // blank, a comment, or an interface name with nothing after it
        }
        String kind = entry.substring(0, space);
        String impl = entry.substring(space + 1).strip();
        indexed.add(root + " " + kind);
        List<String> names = named.computeIfAbsent(kind, k -> new ArrayList<>());
        if (!names.contains(impl)) {
          names.add(impl);
        }
      }
    }
  }

  /**
   * The drivers of one kind: those the indexes name, then (only when some {@code META-INF/services}
   * file for the kind lies outside every indexed root) the other providers {@link ServiceLoader}
   * finds.
   */
  <T extends Driver> List<T> providers(Class<T> kind) {
    if (MODULE_PATH) {
      List<T> out = new ArrayList<>();
      ServiceLoader.load(kind, loader).forEach(out::add);
      return out;
    }
    List<String> names = named.getOrDefault(kind.getName(), List.of());
    List<T> out = new ArrayList<>(names.size());
    for (String name : names) {
      out.add(instantiate(kind, name));
    }
    if (unindexedServicesFile(kind)) {
      ServiceLoader.load(kind, loader).stream()
          .filter(p -> !names.contains(p.type().getName()))
          .forEach(p -> out.add(p.get()));
    }
    return out;
  }

  private boolean unindexedServicesFile(Class<?> kind) {
    String resource = SERVICES + kind.getName();
    try {
      Enumeration<URL> found = loader.getResources(resource);
      while (found.hasMoreElements()) {
        String u = found.nextElement().toString();
        String root = u.substring(0, u.length() - resource.length());
        if (!indexed.contains(root + " " + kind.getName())) {
          return true;
        }
      }
      return false;
    } catch (IOException e) {
      throw new UncheckedIOException("looking for " + resource, e);
    }
  }

  private <T> T instantiate(Class<T> kind, String name) {
    try {
      Class<?> c = Class.forName(name, true, loader);
      if (!kind.isAssignableFrom(c)) {
        throw new ServiceConfigurationError(
            kind.getName() + ": " + name + " (listed in " + RESOURCE + ") is not a subtype");
      }
      return kind.cast(c.getConstructor().newInstance());
    } catch (ClassNotFoundException
        | NoSuchMethodException
        | InstantiationException
        | IllegalAccessException
        | InvocationTargetException e) {
      throw new ServiceConfigurationError(
          kind.getName() + ": " + name + " (listed in " + RESOURCE + ") could not be made", e);
    }
  }
}
