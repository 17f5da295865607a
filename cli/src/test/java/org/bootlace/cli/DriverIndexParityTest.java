package org.bootlace.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.Collections;
import java.util.List;
import java.util.ServiceLoader;
import java.util.function.Function;
import org.bootlace.spi.BootConfigParser;
import org.bootlace.spi.Driver;
import org.bootlace.spi.Drivers;
import org.bootlace.spi.FilesystemDriver;
import org.bootlace.spi.ImageFormat;
import org.bootlace.spi.PartitionTableDriver;
import org.bootlace.spi.VolumeManagerDriver;
import org.junit.jupiter.api.Test;

/**
 * With every module on the class path, the drivers found through the build's index are exactly
 * those ServiceLoader finds: the index may not drift from the services files.
 */
class DriverIndexParityTest {
  private static <T extends Driver> void same(Class<T> kind, Function<Drivers, List<T>> found) {
    List<String> byServiceLoader =
        ServiceLoader.load(kind).stream().map(p -> p.get().name()).sorted().toList();
    assertThat(byServiceLoader).isNotEmpty();
    assertThat(found.apply(Drivers.discover()).stream().map(Driver::name).sorted().toList())
        .as(kind.getSimpleName())
        .isEqualTo(byServiceLoader);
  }

  @Test
  void everyKindFindsWhatServiceLoaderFinds() throws IOException {
    assertThat(
            Collections.list(
                ClassLoader.getSystemClassLoader().getResources("META-INF/bootlace/drivers")))
        .hasSizeGreaterThan(5);
    same(ImageFormat.class, Drivers::imageFormats);
    same(PartitionTableDriver.class, Drivers::partitionTables);
    same(FilesystemDriver.class, Drivers::filesystems);
    same(BootConfigParser.class, Drivers::configParsers);
    same(VolumeManagerDriver.class, Drivers::volumeManagers);
  }
}
