package org.bootlace.pxe;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.bootlace.BootRecord;
import org.bootlace.Limits;

/**
 * Boots from the network in a process of its own, which a test starts under {@code ip netns exec}
 * so that every socket it makes (DHCP's and the JDK HTTP client's alike) is in that namespace.
 * Arguments: MAC, interface, output directory. Prints the namespace it ran in, the arguments, and
 * copies the kernel and initrd into the output directory; exit status 1 and the message on failure.
 */
public final class HttpBootChild {
  private HttpBootChild() {}

  public static void main(String[] args) throws Exception {
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    out.println("netns " + Files.readSymbolicLink(Path.of("/proc/self/ns/net")));
    Path dir = Path.of(args[2]);
    NetworkBootOptions o =
        NetworkBootOptions.builder(args[0])
            .interfaceName(args[1])
            .arch(16)
            .vendorClass("HTTPClient:Arch:00016:UNDI:003001")
            .downloadDirectory(dir)
            .limits(Limits.builder().timeout(Duration.ofSeconds(60)).build())
            .build();
    try (NetworkBoot net = NetworkBoot.open(o)) {
      BootRecord boot = net.resolveBoot();
      boot.kernel().copyTo(dir.resolve("kernel"));
      boot.ramdisk().get().copyTo(dir.resolve("initrd"));
      out.println("bootfile " + net.lease().bootFile().orElse(""));
      out.println("kernel " + boot.kernel().path());
      out.println("args " + boot.args());
    } catch (Exception e) {
      out.println("error " + e.getClass().getSimpleName() + ": " + e.getMessage());
      System.exit(1);
    }
    System.exit(0);
  }
}
