package org.bootlace.pxe.ipxe;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.bootlace.Limits;
import org.bootlace.internal.Deadline;
import org.bootlace.testing.FuzzProperty;

/**
 * The iPXE interpreter on hostile scripts: the input (given the magic line when it lacks one) is
 * parsed and run with a kernel, an initrd and itself on the server, so {@code chain self.ipxe}
 * recurses through the input. Seeds: {@code IpxeFuzzTestInputs/script/}, scripts in the shapes
 * netboot.xyz, distribution menus and hand-written boot scripts take.
 */
class IpxeFuzzTest {
  private static final Limits LIMITS =
      FuzzProperty.LIMITS.toBuilder().maxConfigBytes(4 << 20).build();

  @FuzzTest(maxDuration = "60s")
  void script(byte[] input) {
    byte[] content = IpxeScript.isScript(input) ? input : withMagic(input);
    IpxeTest.MapFiles files =
        new IpxeTest.MapFiles()
            .put("http://192.0.2.1/boot/vmlinuz", "kernel")
            .put("http://192.0.2.1/boot/initrd.img", "initrd")
            .put("http://192.0.2.1/boot/self.ipxe", new String(content, StandardCharsets.UTF_8));
    Deadline deadline = new Deadline();
    deadline.arm(Duration.ofSeconds(10));
    try {
      FuzzProperty.holds(
          () -> {
            IpxeScript s = IpxeScript.parse(content, "fuzz.ipxe", LIMITS);
            IpxeEvaluator.run(
                s,
                URI.create("http://192.0.2.1/boot/fuzz.ipxe"),
                IpxeTest.LEASE,
                files,
                LIMITS,
                deadline);
          });
    } finally {
      deadline.disarm();
    }
  }

  private static byte[] withMagic(byte[] input) {
    byte[] magic = "#!ipxe\n".getBytes(StandardCharsets.US_ASCII);
    byte[] out = new byte[magic.length + input.length];
    System.arraycopy(magic, 0, out, 0, magic.length);
    System.arraycopy(input, 0, out, magic.length, input.length);
    return out;
  }
}
