package org.bootlace.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import org.bootlace.block.BlockDevice;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DriverIndexTest {
  @TempDir Path dir;

  /** A driver some module lists in its index. */
  public static final class Indexed implements ImageFormat {
    @Override
    public String name() {
      return "indexed";
    }

    @Override
    public Probe probe(BlockDevice file) {
      return Probe.no("never");
    }

    @Override
    public BlockDevice open(BlockDevice file, DriverContext context) throws IOException {
      throw new AssertionError();
    }
  }

  /** A third-party driver registered only in META-INF/services. */
  public static final class ThirdParty implements ImageFormat {
    @Override
    public String name() {
      return "third-party";
    }

    @Override
    public Probe probe(BlockDevice file) {
      return Probe.no("never");
    }

    @Override
    public BlockDevice open(BlockDevice file, DriverContext context) throws IOException {
      throw new AssertionError();
    }
  }

  private URL root(String name, String index, String services) throws IOException {
    Path r = Files.createDirectories(dir.resolve(name));
    if (index != null) {
      Path p = r.resolve(DriverIndex.RESOURCE);
      Files.createDirectories(p.getParent());
      Files.writeString(p, index, StandardCharsets.UTF_8);
    }
    if (services != null) {
      Path p = r.resolve("META-INF/services/" + ImageFormat.class.getName());
      Files.createDirectories(p.getParent());
      Files.writeString(p, services, StandardCharsets.UTF_8);
    }
    return r.toUri().toURL();
  }

  private static List<String> names(List<? extends Driver> drivers) {
    return drivers.stream().map(Driver::name).toList();
  }

  @Test
  void theBuildWritesAnIndexNamingWhatTheServicesFilesName() {
    // core's own build output: the index the build step generated, against ServiceLoader.
    ClassLoader l = DriverIndex.class.getClassLoader();
    assertThat(l.getResource(DriverIndex.RESOURCE)).isNotNull();
    DriverIndex index = DriverIndex.read(l);
    assertThat(names(index.providers(PartitionTableDriver.class)))
        .containsExactlyElementsOf(
            ServiceLoader.load(PartitionTableDriver.class, l).stream()
                .map(p -> p.get().name())
                .toList());
  }

  @Test
  void indexedDriversAreMadeWithoutServiceLoaderAndCommentsAreSkipped() throws IOException {
    String i = ImageFormat.class.getName() + " ";
    URL a =
        root(
            "a",
            "# generated\n" + i + "\n" + i + Indexed.class.getName() + "  # the driver\n",
            // Under an index, a services file is not read: this name would fail ServiceLoader.
            "org.example.NoSuchDriver\n");
    try (URLClassLoader l = new URLClassLoader(new URL[] {a}, getClass().getClassLoader())) {
      assertThat(names(DriverIndex.read(l).providers(ImageFormat.class)))
          .containsExactly("raw", "indexed");
    }
  }

  @Test
  void aServicesFileWhereNoIndexIsStillCounts() throws IOException {
    URL a = root("a", ImageFormat.class.getName() + " " + Indexed.class.getName() + "\n", null);
    URL b = root("b", null, ThirdParty.class.getName() + "\n" + Indexed.class.getName() + "\n");
    try (URLClassLoader l = new URLClassLoader(new URL[] {a, b}, getClass().getClassLoader())) {
      assertThat(names(DriverIndex.read(l).providers(ImageFormat.class)))
          .containsExactly("raw", "indexed", "third-party");
      assertThat(Drivers.discover(l).imageFormats())
          .extracting(Driver::name)
          .contains("raw", "indexed", "third-party");
    }
  }

  @Test
  void anIndexCoversOnlyTheKindsItLists() throws IOException {
    // An index for partition tables does not hide an image format registered beside it.
    URL a =
        root(
            "a",
            PartitionTableDriver.class.getName()
                + " org.bootlace.partition.MbrPartitionTableDriver\n",
            ThirdParty.class.getName() + "\n");
    try (URLClassLoader l = new URLClassLoader(new URL[] {a}, getClass().getClassLoader())) {
      assertThat(names(DriverIndex.read(l).providers(ImageFormat.class)))
          .containsExactly("raw", "third-party");
    }
  }

  @Test
  void anIndexedClassThatIsNotOfTheKindIsAConfigurationError() throws IOException {
    URL a = root("a", ImageFormat.class.getName() + " java.lang.String\n", null);
    try (URLClassLoader l = new URLClassLoader(new URL[] {a}, getClass().getClassLoader())) {
      DriverIndex index = DriverIndex.read(l);
      assertThatThrownBy(() -> index.providers(ImageFormat.class))
          .isInstanceOf(ServiceConfigurationError.class)
          .hasMessage(
              "org.bootlace.spi.ImageFormat: java.lang.String (listed in"
                  + " META-INF/bootlace/drivers) is not a subtype");
    }
  }
}
