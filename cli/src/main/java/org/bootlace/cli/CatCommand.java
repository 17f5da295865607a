package org.bootlace.cli;

import java.nio.channels.Channels;
import java.nio.channels.WritableByteChannel;
import java.util.concurrent.Callable;
import org.bootlace.BootSource;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** Writes a file from inside the image to standard output. */
@Command(
    name = "cat",
    description = "Write a file inside the image to standard output (PATH may start with p2:).")
final class CatCommand implements Callable<Integer> {
  private final Io io;

  @Mixin ImageOptions image;

  @Parameters(index = "1", paramLabel = "PATH", description = "File inside the image.")
  String path;

  CatCommand(Io io) {
    this.io = io;
  }

  @Override
  public Integer call() throws Exception {
    try (BootSource source = image.open(image.options().build())) {
      GuestPaths at = GuestPaths.resolve(source, path);
      WritableByteChannel out = Channels.newChannel(io.out());
      at.volume().open(at.path()).writeTo(out);
      io.out().flush();
      return ExitCodes.OK;
    }
  }
}
