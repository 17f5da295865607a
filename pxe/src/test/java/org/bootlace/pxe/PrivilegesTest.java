package org.bootlace.pxe;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import jnr.ffi.LibraryLoader;
import org.junit.jupiter.api.Test;

/**
 * Without the capabilities, opening DHCP's socket fails naming the one that is missing. The
 * capabilities are dropped on one thread only (Linux keeps them per thread), which opens the
 * socket; the rest of the test JVM keeps its own.
 */
class PrivilegesTest {
  public interface Caps {
    int capget(int[] header, int[] data);

    int capset(int[] header, int[] data);
  }

  private static final int CAP_NET_BIND_SERVICE = 10;
  private static final int CAP_NET_RAW = 13;

  private static String openWithout(int... caps) throws Exception {
    Caps c = LibraryLoader.create(Caps.class).load("c");
    AtomicReference<String> result = new AtomicReference<>();
    Thread t =
        new Thread(
            () -> {
              int[] header = {0x20080522, 0}; // _LINUX_CAPABILITY_VERSION_3, this thread
              int[] data = new int[6]; // {effective, permitted, inheritable} x 2
              if (c.capget(header, data) != 0) {
                result.set("capget failed");
                return;
              }
              for (int cap : caps) {
                data[0] &= ~(1 << cap);
              }
              if (c.capset(header, data) != 0) {
                result.set("capset failed");
                return;
              }
              try {
                UdpSockets.onInterface("lo", Optional.empty()).open(68).close();
                result.set("opened");
              } catch (Exception e) {
                result.set(e.getClass().getSimpleName() + ": " + e.getMessage());
              }
            });
    t.start();
    t.join(10_000);
    return result.get();
  }

  @Test
  void withoutNetBindServicePort68IsRefusedByName() throws Exception {
    assertThat(openWithout(CAP_NET_BIND_SERVICE))
        .isEqualTo(
            "NetworkException: udp: bind to port 68 on lo: Permission denied (13)"
                + " (ports below 1024 need root or CAP_NET_BIND_SERVICE)");
  }

  @Test
  void bindingToTheInterfaceNeedsNoNetRawOnThisKernel() throws Exception {
    // Linux 5.7 and later let any process bind a socket it has not bound yet to a device; older
    // kernels refuse without CAP_NET_RAW, and the message then names it.
    assertThat(openWithout(CAP_NET_RAW)).isEqualTo("opened");
  }
}
