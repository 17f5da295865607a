package org.bootlace.pxe;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.bootlace.BootMenu;
import org.bootlace.BootTarget;
import org.bootlace.EntryKind;
import org.bootlace.FileRef;
import org.bootlace.GuestFile;
import org.bootlace.Limits;
import org.bootlace.MenuEntry;
import org.bootlace.NoBootConfigException;
import org.bootlace.SourceLocation;
import org.bootlace.UnsupportedFeatureException;
import org.bootlace.Volume;
import org.bootlace.binary.WholeFile;
import org.bootlace.internal.Deadline;
import org.bootlace.pxe.ipxe.IpxeEvaluator;
import org.bootlace.pxe.ipxe.IpxeScript;

/**
 * What DHCP's boot file is, when it is not a loader bootlace emulates by name (pxelinux, GRUB): a
 * URL (UEFI HTTP boot, or iPXE's {@code filename}) or a TFTP name that is not a loader binary. Its
 * first bytes decide: {@code #!ipxe} is an iPXE script, run with the lease's settings; for a URL, a
 * Linux kernel ({@code HdrS} at 0x202) is booted as it is, with no initrd and no arguments. A URL
 * named like pxelinux ({@code lpxelinux.0}) is left to pxelinux's lookup, which then reads its
 * configuration over HTTP from the URL's directory.
 */
final class BootFile {
  static final String PARSER = "ipxe";
  private static final int HEAD = 0x210;

  private final Lease lease;
  private final NetworkBootOptions options;
  private final Limits limits;
  private final Volume volume;
  private final NetTree tree;
  private final Deadline deadline;

  BootFile(
      Lease lease,
      NetworkBootOptions options,
      Limits limits,
      Volume volume,
      NetTree tree,
      Deadline deadline) {
    this.lease = lease;
    this.options = options;
    this.limits = limits;
    this.volume = volume;
    this.tree = tree;
    this.deadline = deadline;
  }

  static boolean isUrl(String name) {
    String l = name.toLowerCase(Locale.ROOT);
    return l.startsWith("http://") || l.startsWith("https://");
  }

  /** Names that are loader binaries, never scripts: pxelinux.0, ipxe.efi, undionly.kpxe, ... */
  static boolean isLoaderName(String name) {
    String base = name.substring(name.lastIndexOf('/') + 1).toLowerCase(Locale.ROOT);
    for (String ext :
        List.of(
            ".0", ".efi", ".pxe", ".kpxe", ".kkpxe", ".kkkpxe", ".lkrn", ".com", ".c32", ".signed",
            ".bin")) {
      if (base.endsWith(ext)) {
        return true;
      }
    }
    return false;
  }

  private static boolean isPxelinuxName(String name) {
    String base = name.substring(name.lastIndexOf('/') + 1).toLowerCase(Locale.ROOT);
    return base.endsWith("pxelinux.0");
  }

  /** The menu the boot file itself gives; empty when pxelinux's or GRUB's lookup decides. */
  Optional<BootMenu> menu() throws IOException {
    if (lease.bootFile().isEmpty()) {
      return Optional.empty();
    }
    String file = lease.bootFile().get();
    String path;
    URI base;
    boolean url = isUrl(file);
    if (url) {
      if (GrubNetLookup.isGrubImage(lease.bootFile()) || isPxelinuxName(file)) {
        return Optional.empty();
      }
      base = HttpFetcher.checked(file);
      path = NetTree.pathOf(base);
      tree.requireFile(path);
    } else {
      if (GrubNetLookup.isGrubImage(lease.bootFile()) || isLoaderName(file)) {
        return Optional.empty();
      }
      path = "/" + PxelinuxLookup.join("", file);
      if (!volume.isFile(path)) {
        return Optional.empty();
      }
      base = tftpUri(path);
    }
    GuestFile f = volume.open(path);
    byte[] head = head(f, HEAD);
    if (IpxeScript.isScript(head)) {
      options.progress().accept("boot file " + file + " is an iPXE script");
      return Optional.of(
          ipxe(path, base, WholeFile.read(f, limits.maxConfigBytes(), "maxConfigBytes")));
    }
    if (!url) {
      return Optional.empty();
    }
    if (isLinuxKernel(head)) {
      options.progress().accept("boot file " + file + " is a Linux kernel");
      MenuEntry e =
          MenuEntry.builder()
              .index(List.of(0))
              .title("boot file")
              .kind(EntryKind.LINUX)
              .target(BootTarget.builder().kernel(new FileRef(volume, path)).args("").build())
              .source(new SourceLocation(path, 0))
              .notes(
                  List.of(
                      "the DHCP boot file is a Linux kernel, booted without initrd or arguments"))
              .build();
      return Optional.of(
          BootMenu.builder()
              .parser(PARSER)
              .config(new FileRef(volume, path))
              .entries(List.of(e))
              .defaultEntry(List.of(0))
              .defaultReason("the DHCP boot file itself")
              .build());
    }
    throw new NoBootConfigException(
        "network boot: boot file "
            + HttpFetcher.shown(base)
            + " is neither an iPXE script (#!ipxe) nor a Linux kernel"
            + " (HdrS at 0x202); its first bytes: "
            + shown(head));
  }

  static boolean isLinuxKernel(byte[] head) {
    return head.length >= 0x206
        && head[0x202] == 'H'
        && head[0x203] == 'd'
        && head[0x204] == 'r'
        && head[0x205] == 'S';
  }

  private static String shown(byte[] head) {
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < Math.min(8, head.length); i++) {
      HexFormat.of().toHexDigits(s, head[i]);
    }
    return s.toString();
  }

  private static byte[] head(GuestFile f, int n) throws IOException {
    int want = (int) Math.min(n, f.size());
    ByteBuffer b = ByteBuffer.allocate(want);
    long at = 0;
    while (b.hasRemaining()) {
      int r = f.read(at, b);
      if (r <= 0) {
        break;
      }
      at += r;
    }
    byte[] out = new byte[b.position()];
    b.flip();
    b.get(out);
    return out;
  }

  private URI tftpUri(String path) throws IOException {
    try {
      return new URI("tftp", lease.bootServer().getHostAddress(), path, null);
    } catch (URISyntaxException e) {
      throw new org.bootlace.CorruptImageException(
          "tftp: boot file '"
              + HttpFetcher.shorten(path)
              + "' is not a valid path: "
              + e.getReason());
    }
  }

  /** The tree path of a file an iPXE script names: on the boot server over TFTP, or a URL. */
  String pathFor(URI uri) throws IOException {
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (scheme.equals("http") || scheme.equals("https")) {
      return NetTree.pathOf(HttpFetcher.checked(uri.toString()));
    }
    if (scheme.equals("tftp")) {
      String server = lease.bootServer().getHostAddress();
      if (uri.getHost() == null
          || !uri.getHost().equals(server)
          || (uri.getPort() != -1 && uri.getPort() != TftpClient.PORT)) {
        throw new UnsupportedFeatureException(
            "TFTP from another server",
            "tftp: "
                + HttpFetcher.shorten(uri.toString())
                + ": only the boot server "
                + server
                + " is read over TFTP");
      }
      String p = uri.getPath() == null || uri.getPath().isEmpty() ? "/" : uri.getPath();
      if (NetTree.urlOf(p).isPresent()) {
        throw new org.bootlace.CorruptImageException(
            "tftp: " + HttpFetcher.shorten(uri.toString()) + ": a TFTP path may not hold a URL");
      }
      return p;
    }
    throw new UnsupportedFeatureException(
        "URI scheme " + scheme,
        "ipxe: "
            + HttpFetcher.shorten(uri.toString())
            + ": only http, https and tftp files are fetched");
  }

  /** The settings iPXE has after DHCP on its first network device. */
  static Map<String, String> settings(Lease lease, NetworkBootOptions options) {
    Map<String, String> s = new LinkedHashMap<>();
    byte[] mac = Addresses.parseMac(options.mac());
    s.put("net0/mac", Addresses.mac(mac, ':'));
    s.put("net0/ip", lease.address().getHostAddress());
    lease.subnetMask().ifPresent(m -> s.put("net0/netmask", m.getHostAddress()));
    if (!lease.routers().isEmpty()) {
      s.put("net0/gateway", lease.routers().get(0).getHostAddress());
    }
    if (!lease.dnsServers().isEmpty()) {
      s.put("net0/dns", lease.dnsServers().get(0).getHostAddress());
    }
    lease.hostName().ifPresent(h -> s.put("net0/hostname", h));
    lease.bootFile().ifPresent(f -> s.put("net0/filename", f));
    s.put("net0/next-server", lease.bootServer().getHostAddress());
    s.put("net0/dhcp-server", lease.server().getHostAddress());
    int arch = options.arch();
    boolean efi = arch == 6 || arch == 7 || arch == 9 || arch == 10 || arch == 11 || arch == 16;
    s.put("platform", efi ? "efi" : "pcbios");
    s.put(
        "buildarch",
        arch == 7 || arch == 9 || arch == 16 ? "x86_64" : arch == 11 ? "arm64" : "i386");
    options.uuid().ifPresent(u -> s.put("uuid", PxelinuxLookup.uuidText(u)));
    return s;
  }

  private BootMenu ipxe(String path, URI base, byte[] content) throws IOException {
    IpxeScript script = IpxeScript.parse(content, base.toString(), limits);
    IpxeEvaluator.Result r =
        IpxeEvaluator.run(
            script,
            base,
            settings(lease, options),
            new IpxeEvaluator.Files() {
              @Override
              public boolean exists(URI uri) throws IOException {
                String path = pathFor(uri);
                if (NetTree.urlOf(path).isPresent()) {
                  tree.requireFile(
                      path); // a status other than 200 fails the command by its URL and status
                  return true;
                }
                return volume.isFile(path);
              }

              @Override
              public byte[] head(URI uri, int n) throws IOException {
                return BootFile.head(volume.open(pathFor(uri)), n);
              }

              @Override
              public byte[] read(URI uri, long max) throws IOException {
                return WholeFile.read(volume.open(pathFor(uri)), max, "maxConfigBytes");
              }
            },
            limits,
            deadline);
    List<FileRef> initrds = new ArrayList<>();
    for (URI u : r.initrds()) {
      initrds.add(new FileRef(volume, pathFor(u)));
    }
    MenuEntry e =
        MenuEntry.builder()
            .index(List.of(0))
            .title("ipxe")
            .kind(EntryKind.LINUX)
            .target(
                BootTarget.builder()
                    .kernel(new FileRef(volume, pathFor(r.kernel())))
                    .initrds(initrds)
                    .args(r.args())
                    .build())
            .source(new SourceLocation(r.script(), r.line()))
            .notes(r.notes())
            .build();
    return BootMenu.builder()
        .parser(PARSER)
        .config(new FileRef(volume, path))
        .entries(List.of(e))
        .defaultEntry(List.of(0))
        .defaultReason("the script boots it at " + r.script() + ":" + r.line())
        .warnings(r.notes())
        .build();
  }
}
