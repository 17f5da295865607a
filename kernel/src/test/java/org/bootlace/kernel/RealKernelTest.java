package org.bootlace.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.bootlace.binary.Le;
import org.junit.jupiter.api.Test;

/** Debian's own kernels: the cloud kernel, the installer's kernel, and Xen's hypervisor. */
class RealKernelTest {
  private static List<String> ours(KernelInfo info) {
    return info.notes().stream().map(n -> n.owner() + " " + n.type()).toList();
  }

  @Test
  void cloudKernelIsABzImageThatBootsEveryWay() throws IOException {
    Path vmlinuz = Kernels.cloud();
    Kernels.Vmlinux vmlinux = Kernels.vmlinux(vmlinuz);
    KernelInfo info = KernelInspector.inspect(Kernels.guest(vmlinuz));

    assertThat(info.findings()).isEmpty();
    assertThat(info.format()).isEqualTo(KernelFormat.BZIMAGE);
    assertThat(info.architecture()).isEqualTo("x86_64");
    assertThat(info.version()).contains(Kernels.release(vmlinuz));
    assertThat(info.versionString().orElseThrow())
        .startsWith(Kernels.release(vmlinuz) + " (debian-kernel@");
    assertThat(info.compression()).contains(vmlinux.compression());
    int protocol = Le.u16(org.bootlace.testing.Tools.read(vmlinuz, 0x206, 2), 0);
    assertThat(info.bootProtocol())
        .contains(
            (protocol >> 8) + "." + String.format(java.util.Locale.ROOT, "%02d", protocol & 0xff));
    assertThat(info.features()).contains("64-bit entry", "EFI handover (64-bit)");
    assertThat(info.bootsAs().keySet())
        .containsExactlyInAnyOrder(
            BootMode.XEN_PV, BootMode.XEN_PVH, BootMode.HVM_DIRECT, BootMode.EFI_STUB);
    assertThat(info.bootsAs().get(BootMode.XEN_PV))
        .anyMatch(e -> e.equals("XEN_ELFNOTE_GUEST_OS = linux"));
    assertThat(info.bootsAs().get(BootMode.XEN_PVH))
        .singleElement()
        .asString()
        .startsWith("XEN_ELFNOTE_PHYS32_ENTRY = 0x");
    assertThat(ours(info)).isEqualTo(Kernels.readelfNotes(vmlinux.path()));
  }

  @Test
  void installerKernelHasAnXzPayload() throws IOException {
    assertThat(Kernels.INSTALLER).as("install debian-installer-12-netboot-amd64").exists();
    Kernels.Vmlinux vmlinux = Kernels.vmlinux(Kernels.INSTALLER);
    KernelInfo info = KernelInspector.inspect(Kernels.guest(Kernels.INSTALLER));

    assertThat(info.findings()).isEmpty();
    assertThat(info.format()).isEqualTo(KernelFormat.BZIMAGE);
    assertThat(info.compression()).contains(vmlinux.compression()).contains(Compression.XZ);
    assertThat(info.version().orElseThrow()).matches("\\d+\\.\\d+\\.\\d+-\\d+-amd64");
    assertThat(ours(info)).isEqualTo(Kernels.readelfNotes(vmlinux.path()));
    assertThat(info.bootsAs()).containsKeys(BootMode.HVM_DIRECT, BootMode.EFI_STUB);
  }

  @Test
  void xenHypervisorIsAGzippedMultibootElf() throws IOException {
    Path xen = Kernels.xenGz();
    KernelInfo info = KernelInspector.inspect(Kernels.guest(xen));

    assertThat(info.findings()).isEmpty();
    assertThat(info.compression()).contains(Compression.GZIP);
    assertThat(info.format()).isEqualTo(KernelFormat.ELF);
    assertThat(info.architecture()).isEqualTo("i386");
    assertThat(info.features()).anyMatch(f -> f.startsWith("multiboot header at 0x"));
    assertThat(info.features())
        .anyMatch(f -> f.startsWith("multiboot2 header at 0x") && f.contains("(i386, "));
    assertThat(info.bootsAs().keySet()).containsExactly(BootMode.HVM_DIRECT);
    assertThat(info.version()).isEmpty();
  }

  @Test
  void vmlinuxRecompressedWithEveryToolIsReadWhole() throws IOException {
    Path vmlinuz = Kernels.cloud();
    Kernels.Vmlinux vmlinux = Kernels.vmlinux(vmlinuz);
    Path mini = Kernels.mini(vmlinux.path());
    List<String> expected = Kernels.readelfNotes(mini);
    assertThat(expected).isEqualTo(Kernels.readelfNotes(vmlinux.path()));
    for (Compression c : Compression.values()) {
      Path file = Kernels.compressed(mini, c);
      KernelInfo info = KernelInspector.inspect(Kernels.guest(file));
      assertThat(info.findings()).as(c.label()).isEmpty();
      assertThat(info.compression()).as(c.label()).contains(c);
      assertThat(info.format()).as(c.label()).isEqualTo(KernelFormat.ELF);
      assertThat(info.architecture()).isEqualTo("x86_64");
      assertThat(info.version()).as(c.label()).contains(Kernels.release(vmlinuz));
      assertThat(ours(info)).as(c.label()).isEqualTo(expected);
      assertThat(info.bootsAs().keySet())
          .as(c.label())
          .containsExactlyInAnyOrder(BootMode.XEN_PV, BootMode.XEN_PVH, BootMode.HVM_DIRECT);
    }
  }

  /**
   * The cloud bzImage with its payload replaced by each tool's output plus the 4-byte size Linux
   * appends (not after gzip), and payload_length patched: the payload is found by magic and read to
   * its notes.
   */
  @Test
  void bzImageWithEachPayloadCompression() throws IOException {
    Path vmlinuz = Kernels.cloud();
    Kernels.Vmlinux vmlinux = Kernels.vmlinux(vmlinuz);
    byte[] original = Files.readAllBytes(vmlinuz);
    int sects = original[0x1f1] & 0xff;
    int payloadAt = (int) ((sects + 1L) * 512 + Le.u32(original, 0x248));
    Path mini = Kernels.mini(vmlinux.path());
    List<String> expected = Kernels.readelfNotes(mini);
    for (Compression c : Compression.values()) {
      byte[] payload = Files.readAllBytes(Kernels.compressed(mini, c));
      int trailer = c == Compression.GZIP ? 0 : 4;
      byte[] image = new byte[payloadAt + payload.length + trailer];
      System.arraycopy(original, 0, image, 0, payloadAt);
      System.arraycopy(payload, 0, image, payloadAt, payload.length);
      if (trailer == 4) {
        Le.putU32(image, image.length - 4, Files.size(mini));
      }
      Le.putU32(image, 0x24c, payload.length + trailer);
      KernelInfo info =
          KernelInspector.inspect(org.bootlace.GuestFiles.ofBytes(image, "vmlinuz." + c.label()));
      assertThat(info.findings()).as(c.label()).isEmpty();
      assertThat(info.compression()).as(c.label()).isEqualTo(Optional.of(c));
      assertThat(ours(info)).as(c.label()).isEqualTo(expected);
      assertThat(info.bootsAs()).as(c.label()).containsKeys(BootMode.XEN_PV, BootMode.XEN_PVH);
    }
  }
}
