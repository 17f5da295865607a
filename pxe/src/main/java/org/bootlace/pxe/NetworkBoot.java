package org.bootlace.pxe;

import java.io.Closeable;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.bootlace.BootEntryException;
import org.bootlace.BootMenu;
import org.bootlace.BootOptions;
import org.bootlace.BootRecord;
import org.bootlace.BootSource;
import org.bootlace.BootTarget;
import org.bootlace.FileRef;
import org.bootlace.GuestFile;
import org.bootlace.Limits;
import org.bootlace.MenuEntry;
import org.bootlace.NoBootConfigException;
import org.bootlace.Provenance;
import org.bootlace.Volume;
import org.bootlace.block.BlockDevices;
import org.bootlace.internal.Deadline;
import org.bootlace.spi.BootConfigParser;
import org.bootlace.spi.ConfigContext;
import org.bootlace.spi.Drivers;
import org.bootlace.spi.FsNode;

/**
 * A guest booted from the network, the way a PXE ROM and pxelinux would boot it: DHCP on behalf of
 * the guest's MAC address, then pxelinux's configuration lookup over TFTP, evaluated by bootlace's
 * syslinux interpreter reading the TFTP server as a filesystem. The {@link BootRecord} is the same
 * as a disk image gives; its files are fetched when first read, into a private directory removed at
 * {@link #close()}, so the source must stay open while they are used. A boot file that is a URL
 * (UEFI HTTP boot) or an iPXE script, and URL paths in a configuration, are read over HTTP (classes
 * {@code BootFile} and {@code NetTree}).
 *
 * <pre>{@code
 * NetworkBootOptions o = NetworkBootOptions.builder("aa:00:86:e2:35:72").interfaceName("xenbr0").build();
 * try (NetworkBoot net = NetworkBoot.open(o)) {
 *   BootRecord boot = net.resolveBoot();
 *   boot.kernel().copyTo(Path.of("vmlinuz"));
 * }
 * }</pre>
 */
public final class NetworkBoot implements Closeable {
  private static final Pattern SYSAPPEND =
      Pattern.compile("^IPAPPEND/SYSAPPEND 0x([0-9a-f]{1,8}):");

  private final NetworkBootOptions options;
  private final Limits limits;
  private final Lease lease;
  private final Path spool;
  private final TftpFileSystem fs;
  private final NetTree tree;
  private final Volume volume;
  private final Volume grubVolume;
  private Volume configVolume;

  /** Whether the configuration is GRUB's read from the network, where no disk is visible. */
  private boolean grubOnNetwork;

  private final Deadline deadline = new Deadline();
  private final List<String> tried = new ArrayList<>();
  private volatile long operationEnd = Long.MIN_VALUE;
  private BootMenu menu;
  private Map<String, String> variables = Map.of();

  private NetworkBoot(NetworkBootOptions options, Lease lease, Path spool, TftpClient tftp) {
    this.options = options;
    this.limits = options.limits();
    this.lease = lease;
    this.spool = spool;
    this.fs = new TftpFileSystem(tftp, spool, limits, this::transferEnd, options.progress());
    // URLs in the tree (lpxelinux's http:// paths, an HTTP boot file, iPXE's files) go over HTTP.
    this.tree =
        new NetTree(
            Optional.of(fs),
            new HttpFetcher(limits, this::transferEnd, options.networkNamespace()),
            spool,
            limits,
            options.progress());
    this.volume =
        Volume.ofFileSystem(
            "tftp",
            BlockDevices.ofBytes(new byte[0], "tftp://" + tftp.server()),
            tree,
            limits,
            deadline);
    // GRUB 2 names the server it booted from (tftp,SERVER); (tftp), (pxe) and the rest are aliases.
    this.grubVolume =
        Volume.ofFileSystem(
            GrubNetLookup.device(tftp.server()),
            BlockDevices.ofBytes(new byte[0], "tftp://" + tftp.server()),
            fs,
            limits,
            deadline);
  }

  /**
   * Asks DHCP for the guest's MAC address; the configuration is read on first use.
   *
   * @param options whose guest, on which interface or transports, and the budgets
   * @return the open network boot, holding the lease; close it to remove the fetched files
   * @throws NetworkException if no DHCP server answered within {@link Limits#timeout()}, or a
   *     socket could not be opened
   * @throws IOException if the private download directory could not be created
   */
  public static NetworkBoot open(NetworkBootOptions options) throws IOException {
    DatagramTransport.Factory sockets =
        options
            .transports()
            .orElseGet(
                () ->
                    UdpSockets.onInterface(
                        options.interfaceName().get(), options.networkNamespace()));
    byte[] mac = Addresses.parseMac(options.mac());
    options.progress().accept("requesting info for MAC address " + options.mac());
    Lease lease;
    long start = System.nanoTime();
    long end = start + options.limits().timeout().toNanos();
    try (DatagramTransport dhcp = sockets.open(DhcpClient.CLIENT_PORT)) {
      DhcpClient client =
          new DhcpClient(
              dhcp,
              new DhcpClient.Identity(mac, options.vendorClass(), options.arch(), options.uuid()),
              options.dhcpFirstResend(),
              options.offerWindow(),
              System::nanoTime,
              options.progress());
      lease = client.obtain(new SecureRandom().nextInt(), start, end);
    }
    TftpClient tftp =
        new TftpClient(
            sockets,
            lease.bootServer(),
            TftpClient.PORT,
            new TftpClient.Settings(
                options.tftpBlockSize(),
                options.tftpWindowSize(),
                options.tftpTimeout(),
                options.tftpRetries(),
                true),
            System::nanoTime,
            s -> {});
    Path parent = options.downloadDirectory().orElse(Path.of(System.getProperty("java.io.tmpdir")));
    Path spool = Files.createTempDirectory(parent, "bootlace-pxe-");
    return new NetworkBoot(options, lease, spool, tftp);
  }

  /**
   * What DHCP answered.
   *
   * @return the lease obtained by {@link #open(NetworkBootOptions)}
   */
  public Lease lease() {
    return lease;
  }

  /**
   * The TFTP tree as a volume, read by path ({@code /pxelinux.cfg/default}); a component {@code
   * http:} or {@code https:} starts a URL ({@code /http://192.0.2.1/boot/linux}), read over HTTP.
   *
   * @return the network tree as a volume, valid until {@link #close()}
   */
  public Volume volume() {
    return volume;
  }

  /**
   * The files fetched so far: which server, which path, how many bytes.
   *
   * @return one line per file fetched, such as {@code tftp://192.0.2.1/pxelinux.0 (42 bytes)}, in
   *     order
   */
  public List<String> filesFetched() {
    List<String> all =
        new ArrayList<>(
            fs.fetched().stream()
                .map(f -> "tftp://" + f.server() + f.path() + " (" + f.bytes() + " bytes)")
                .toList());
    tree.fetched().forEach(f -> all.add(f.url() + " (" + f.bytes() + " bytes)"));
    return all;
  }

  private long transferEnd() {
    long end = operationEnd;
    return end != Long.MIN_VALUE ? end : System.nanoTime() + limits.timeout().toNanos();
  }

  private void arm() {
    deadline.arm(limits.timeout());
    operationEnd = System.nanoTime() + limits.timeout().toNanos();
  }

  private void disarm() {
    deadline.disarm();
    operationEnd = Long.MIN_VALUE;
  }

  /**
   * The boot menu of the configuration pxelinux would find for this guest.
   *
   * <p>The first configuration found is parsed once and kept.
   *
   * @return the menu
   * @throws org.bootlace.NoBootConfigException if no candidate configuration exists on the server;
   *     the message lists the paths tried
   * @throws IOException if the network fails or times out, or the configuration is malformed or
   *     exceeds a limit
   */
  public synchronized BootMenu menu() throws IOException {
    arm();
    try {
      return findMenu();
    } finally {
      disarm();
    }
  }

  /**
   * Resolves {@link NetworkBootOptions#entry()} or the menu's default entry.
   *
   * @return the kernel, ramdisks and arguments of that entry, or of the local disk when the entry
   *     is {@code LOCALBOOT} and {@link NetworkBootOptions#localDisk()} is given
   * @throws org.bootlace.BootEntryException if no entry matches, there is no default, the entry
   *     loads no kernel, or it is {@code LOCALBOOT} without a local disk
   * @throws IOException if reading the menu or the boot files fails, or a kernel or ramdisk exceeds
   *     its limit
   */
  public synchronized BootRecord resolveBoot() throws IOException {
    arm();
    try {
      return resolve(options.entry());
    } finally {
      disarm();
    }
  }

  /**
   * Resolves the entry {@code selector} names; see {@link BootMenu#find(String)}.
   *
   * @param selector a label, a title or an index
   * @return the kernel, ramdisks and arguments of that entry, as {@link #resolveBoot()}
   * @throws org.bootlace.BootEntryException if no entry matches or the entry cannot boot
   * @throws IOException if reading the menu or the boot files fails, or a kernel or ramdisk exceeds
   *     its limit
   */
  public synchronized BootRecord resolveBoot(String selector) throws IOException {
    arm();
    try {
      return resolve(Optional.of(selector));
    } finally {
      disarm();
    }
  }

  private BootMenu findMenu() throws IOException {
    if (menu != null) {
      return menu;
    }
    options
        .progress()
        .accept(
            "getting cfg for IP "
                + lease.address().getHostAddress()
                + " ("
                + Addresses.hex(lease.address())
                + ") from server "
                + lease.bootServer().getHostAddress());
    Optional<BootMenu> direct = new BootFile(lease, options, limits, volume, tree, deadline).menu();
    if (direct.isPresent()) {
      configVolume = volume;
      menu = direct.get();
      return menu;
    }
    boolean grub = GrubNetLookup.isGrubImage(lease.bootFile());
    String loader = grub ? "grub" : "pxelinux";
    List<String> candidates;
    BootConfigParser parser;
    Volume grubOn = grubVolume;
    String where = "tftp://" + lease.bootServer().getHostAddress();
    if (grub) {
      String bootFile = lease.bootFile().orElse("");
      Optional<URI> url =
          BootFile.isUrl(bootFile) ? Optional.of(HttpFetcher.checked(bootFile)) : Optional.empty();
      if (url.isPresent()) {
        // GRUB booted over HTTP reads its configuration from the server it came from,
        // (http,SERVER).
        grubOn = httpGrubVolume(url.get());
        bootFile = url.get().getRawPath();
        where = url.get().getScheme() + "://" + url.get().getRawAuthority();
      }
      candidates =
          GrubNetLookup.candidates(
              GrubNetLookup.prefix(bootFile), Addresses.parseMac(options.mac()), lease.address());
      parser = parser("grub2", "bootlace-grub-config");
      variables =
          GrubNetLookup.variables(
              lease, Addresses.parseMac(options.mac()), grubOn.grubDevice(), bootFile);
    } else {
      String prefix = PxelinuxLookup.prefix(lease.pathPrefix(), lease.bootFile());
      candidates =
          PxelinuxLookup.candidates(
              prefix,
              lease.configFile(),
              options.uuid(),
              Addresses.parseMac(options.mac()),
              lease.address());
      parser = parser("syslinux", "bootlace-syslinux-config");
    }
    configVolume = grub ? grubOn : volume;
    grubOnNetwork = grub;
    for (String c : candidates) {
      String path = "/" + c;
      tried.add(path);
      if (!configVolume.isFile(path)) {
        continue;
      }
      byte[] content = configVolume.readConfig(path);
      menu = parser.parse(new Context(path, content));
      return menu;
    }
    throw new NoBootConfigException(
        loader
            + ": no configuration on "
            + where
            + " for MAC "
            + options.mac()
            + " ("
            + lease.address().getHostAddress()
            + "); tried "
            + String.join(", ", tried));
  }

  /**
   * The HTTP server a GRUB image came from as GRUB names it: {@code http,HOST} ({@code
   * http,HOST:PORT} off port 80, a name GRUB 2.06 itself cannot write), rooted at the server's root
   * in the network tree.
   */
  private Volume httpGrubVolume(URI url) throws IOException {
    FsNode scheme = tree.lookup(tree.root(), url.getScheme() + ":").orElseThrow();
    FsNode top =
        tree.lookup(scheme, url.getRawAuthority())
            .orElseThrow(
                () ->
                    new NoBootConfigException(
                        "network boot: "
                            + HttpFetcher.shorten(url.toString())
                            + " names no server"));
    String server =
        url.getPort() < 0 || url.getPort() == url.toURL().getDefaultPort()
            ? url.getHost()
            : url.getHost() + ":" + url.getPort();
    return Volume.ofFileSystem(
        "http," + server,
        BlockDevices.ofBytes(new byte[0], url.getScheme() + "://" + url.getRawAuthority()),
        new SubtreeFileSystem(tree, top),
        limits,
        deadline);
  }

  private static BootConfigParser parser(String name, String module) throws NoBootConfigException {
    for (BootConfigParser p : Drivers.discover().configParsers()) {
      if (p.name().equals(name)) {
        return p;
      }
    }
    throw new NoBootConfigException(
        "network boot: the "
            + name
            + " configuration parser ("
            + module
            + ") is not on the class path");
  }

  private BootRecord resolve(Optional<String> selector) throws IOException {
    BootMenu m = findMenu();
    MenuEntry entry;
    if (selector.isPresent()) {
      entry =
          m.find(selector.get())
              .orElseThrow(
                  () ->
                      new BootEntryException(
                          m.config() + ": no entry matches '" + selector.get() + "'"));
    } else {
      entry =
          m.defaultMenuEntry()
              .orElseThrow(
                  () ->
                      new BootEntryException(
                          m.config() + ": no default entry: " + m.defaultReason()));
    }
    if (entry.notes().stream().anyMatch(n -> n.startsWith("LOCALBOOT"))) {
      return localBoot(m, entry);
    }
    BootTarget target =
        entry
            .target()
            .orElseThrow(
                () ->
                    new BootEntryException(
                        m.config()
                            + ": entry "
                            + entry.indexPath()
                            + " '"
                            + entry.title()
                            + "' loads no kernel"
                            + (entry.notes().isEmpty()
                                ? ""
                                : ": " + String.join("; ", entry.notes()))));
    options.progress().accept("downloading kernel " + target.kernel().path().substring(1));
    // A URL path is checked (its status named when not 200) and opened by its plain URL.
    String kernelPath =
        target.kernel().volume() == volume
            ? tree.requireFile(target.kernel().path())
            : target.kernel().path();
    GuestFile kernel = target.kernel().volume().open(kernelPath);
    Limits.check(
        "maxKernelBytes", limits.maxKernelBytes(), kernel.size(), "kernel " + kernel.location());
    List<GuestFile> ramdisks = new ArrayList<>();
    long total = 0;
    for (FileRef r : target.initrds()) {
      options.progress().accept("downloading initrd " + r.path().substring(1));
      GuestFile f = r.volume().open(r.volume() == volume ? tree.requireFile(r.path()) : r.path());
      total += f.size();
      Limits.check("maxRamdiskBytes", limits.maxRamdiskBytes(), total, "ramdisk " + f.location());
      ramdisks.add(f);
    }
    String args = withSysAppend(entry, target.args());
    if (options.extraArgs().isPresent() && !options.extraArgs().get().isEmpty()) {
      args = args + " " + options.extraArgs().get();
    }
    return new BootRecord(entry.kind(), kernel, ramdisks, args, Optional.of(entry), provenance(m));
  }

  /**
   * pypxeboot's fallback: a LOCALBOOT entry boots the guest's own disk, resolved as pygrub would.
   */
  private BootRecord localBoot(BootMenu m, MenuEntry entry) throws IOException {
    if (options.localDisk().isEmpty()) {
      throw new BootEntryException(
          m.config()
              + ": entry "
              + entry.indexPath()
              + " '"
              + entry.title()
              + "' is LOCALBOOT: it boots the local disk; give the guest's disk image to fall back to it");
    }
    options
        .progress()
        .accept("entry '" + entry.title() + "' boots the local disk: " + options.localDisk().get());
    BootSource disk =
        BootSource.open(options.localDisk().get(), BootOptions.builder().limits(limits).build());
    localSources.add(disk);
    return disk.resolveBoot();
  }

  private final List<BootSource> localSources = new ArrayList<>();

  /** Adds what IPAPPEND/SYSAPPEND bits 1 and 2 add on PXELINUX: {@code ip=} and {@code BOOTIF=}. */
  private String withSysAppend(MenuEntry entry, String args) {
    int mask = 0;
    for (String n : entry.notes()) {
      Matcher mm = SYSAPPEND.matcher(n);
      if (mm.find()) {
        mask = (int) Long.parseLong(mm.group(1), 16);
      }
    }
    StringBuilder s = new StringBuilder(args);
    if ((mask & 1) != 0) {
      s.append(s.length() == 0 ? "" : " ")
          .append("ip=")
          .append(lease.address().getHostAddress())
          .append(':')
          .append(lease.bootServer().getHostAddress())
          .append(':')
          .append(lease.routers().isEmpty() ? "0.0.0.0" : lease.routers().get(0).getHostAddress())
          .append(':')
          .append(lease.subnetMask().map(Inet4Address::getHostAddress).orElse("0.0.0.0"));
    }
    if ((mask & 2) != 0) {
      s.append(s.length() == 0 ? "" : " ")
          .append("BOOTIF=01-")
          .append(Addresses.mac(Addresses.parseMac(options.mac()), '-'));
    }
    return s.toString();
  }

  private Provenance provenance(BootMenu m) {
    List<String> notes = new ArrayList<>();
    notes.add("dhcp: " + lease.describe());
    if (m.parser().equals(BootFile.PARSER)) {
      notes.add("ipxe: boot file " + lease.bootFile().orElse(""));
    } else {
      notes.add(
          (variables.isEmpty() ? "pxelinux" : "grub") + ": tried " + String.join(", ", tried));
    }
    notes.addAll(m.warnings());
    return Provenance.builder()
        .imageFormat("network")
        .partitionNumber(0)
        .partitionScheme("none")
        .partitionType("tftp")
        .partitionOffset(0)
        .fsType("tftp")
        .fsLabel(Optional.of(lease.bootServer().getHostAddress()))
        .config(Optional.of(m.config()))
        .parser(Optional.of(m.parser()))
        .warnings(notes)
        .build();
  }

  /** The narrow view the syslinux interpreter gets: the TFTP tree only. */
  private final class Context implements ConfigContext {
    private final String path;
    private final byte[] content;

    Context(String path, byte[] content) {
      this.path = path;
      this.content = content;
    }

    @Override
    public Volume volume() {
      return configVolume;
    }

    @Override
    public String path() {
      return path;
    }

    @Override
    public byte[] content() {
      return content.clone();
    }

    @Override
    public List<Volume> volumes() {
      // GRUB iterates disks, never the network: search finds nothing on the server.
      return grubOnNetwork ? List.of() : List.of(configVolume);
    }

    @Override
    public Optional<Volume> partition(int number) {
      return number == 0 && !grubOnNetwork ? Optional.of(configVolume) : Optional.empty();
    }

    @Override
    public Limits limits() {
      return limits;
    }

    @Override
    public Map<String, String> variables() {
      return variables;
    }

    @Override
    public Deadline deadline() {
      return deadline;
    }
  }

  /**
   * Removes every fetched file and the private download directory.
   *
   * <p>Local disk sources opened for {@code LOCALBOOT} are closed too; every step is tried.
   *
   * @throws IOException the first failure, after every step was tried
   */
  @Override
  public void close() throws IOException {
    IOException first = null;
    for (BootSource s : localSources) {
      try {
        s.close();
      } catch (IOException e) {
        first = first == null ? e : first;
      }
    }
    try {
      tree.close();
    } catch (IOException e) {
      first = first == null ? e : first;
    }
    try {
      fs.close();
    } catch (IOException e) {
      first = first == null ? e : first;
    }
    try (Stream<Path> left = Files.walk(spool)) {
      for (Path p : left.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      first = first == null ? e : first;
    }
    if (first != null) {
      throw first;
    }
  }

  @Override
  public String toString() {
    return "network boot of "
        + options.mac()
        + " from tftp://"
        + lease.bootServer().getHostAddress();
  }
}
