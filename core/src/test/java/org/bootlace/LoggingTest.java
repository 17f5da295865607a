package org.bootlace;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.bootlace.testing.MemFs;
import org.bootlace.testing.TestImages;
import org.junit.jupiter.api.Test;

/** Probes and driver choices reach the application's logging at debug level. */
class LoggingTest {
  @Test
  void probesAndChoicesAreLoggedAtDebugLevel() throws Exception {
    Logger jul = Logger.getLogger("org.bootlace");
    List<String> seen = new ArrayList<>();
    Handler h =
        new Handler() {
          @Override
          public void publish(LogRecord r) {
            seen.add(r.getLevel() + " " + r.getMessage());
          }

          @Override
          public void flush() {}

          @Override
          public void close() {}
        };
    Level saved = jul.getLevel();
    jul.setLevel(Level.FINE);
    jul.addHandler(h);
    try (BootSource s = TestImages.open(MemFs.builder().file("/x", "x").build())) {
      s.volumes();
    } finally {
      jul.removeHandler(h);
      jul.setLevel(saved);
    }
    assertThat(seen)
        .contains(
            "FINE test.img: image format raw: any bytes are a raw disk",
            "FINE test.img[raw]: partition tables: [test-parts: no test partition table]",
            "FINE test.img[raw]: filesystem memfs");
  }
}
