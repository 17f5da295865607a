package org.bootlace.pxe;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Consumer;
import org.bootlace.Limits;

/**
 * How to boot a guest from the network: whose MAC address to ask DHCP for, on which interface (or
 * through which transport), and the budgets. Immutable; build with {@link #builder(String)}.
 *
 * <p>Defaults: DHCP option 60 {@code PXEClient:Arch:00000:UNDI:002001} and architecture 0 (BIOS
 * x86), as a PXE ROM sends; the first DHCP resend after 1 s, doubling; offers collected for 300 ms
 * after the first; TFTP blksize 1468, windowsize 8, 1 s per silence, 5 resends; the whole DHCP
 * exchange and each later operation bounded by {@link Limits#timeout()}.
 */
public final class NetworkBootOptions {
  private final String mac;
  private final Optional<String> interfaceName;
  private final Optional<Path> netns;
  private final Optional<DatagramTransport.Factory> transports;
  private final Optional<Path> downloadDirectory;
  private final Limits limits;
  private final Optional<String> entry;
  private final Optional<String> extraArgs;
  private final String vendorClass;
  private final int arch;
  private final Optional<byte[]> uuid;
  private final Duration dhcpFirstResend;
  private final Duration offerWindow;
  private final int tftpBlockSize;
  private final int tftpWindowSize;
  private final Duration tftpTimeout;
  private final int tftpRetries;
  private final Optional<Path> localDisk;
  private final Consumer<String> progress;

  private NetworkBootOptions(Builder b) {
    mac = b.mac;
    interfaceName = b.interfaceName;
    netns = b.netns;
    transports = b.transports;
    downloadDirectory = b.downloadDirectory;
    limits = b.limits;
    entry = b.entry;
    extraArgs = b.extraArgs;
    vendorClass = b.vendorClass;
    arch = b.arch;
    uuid = b.uuid;
    dhcpFirstResend = b.dhcpFirstResend;
    offerWindow = b.offerWindow;
    tftpBlockSize = b.tftpBlockSize;
    tftpWindowSize = b.tftpWindowSize;
    tftpTimeout = b.tftpTimeout;
    tftpRetries = b.tftpRetries;
    localDisk = b.localDisk;
    progress = b.progress;
  }

  /**
   * Options for the guest whose MAC address is {@code mac} ({@code aa:bb:cc:dd:ee:ff}).
   *
   * @param mac six hexadecimal bytes separated by {@code :} or {@code -}
   * @return a builder holding the defaults
   * @throws IllegalArgumentException if {@code mac} is not a MAC address
   */
  public static Builder builder(String mac) {
    return new Builder(mac);
  }

  /**
   * The guest's MAC address as given to {@link #builder(String)}: DHCP is asked on its behalf, and
   * pxelinux's and GRUB's configuration names are derived from it.
   *
   * @return the MAC address as given
   */
  public String mac() {
    return mac;
  }

  /**
   * The interface bootlace's own sockets are bound to; not used when {@link #transports()} is
   * present.
   *
   * @return the interface name, or empty when the caller supplies the transports
   */
  public Optional<String> interfaceName() {
    return interfaceName;
  }

  /**
   * The network namespace bootlace's own UDP sockets and its HTTP connections are created in.
   *
   * @return a namespace file such as {@code /run/netns/NAME}, or empty for the process's own
   *     namespace
   */
  public Optional<Path> networkNamespace() {
    return netns;
  }

  /**
   * The caller's sockets, used for DHCP and TFTP instead of sockets bound to {@link
   * #interfaceName()}.
   *
   * @return the caller's transport factory, or empty to use bootlace's own sockets
   */
  public Optional<DatagramTransport.Factory> transports() {
    return transports;
  }

  /**
   * The directory in which a private directory receives the fetched files; removed at {@link
   * NetworkBoot#close()}.
   *
   * @return the parent directory, or empty for {@code java.io.tmpdir}
   */
  public Optional<Path> downloadDirectory() {
    return downloadDirectory;
  }

  /**
   * The bounds on everything read from the network and on each operation's time.
   *
   * @return the limits, {@link Limits#defaults()} unless set
   */
  public Limits limits() {
    return limits;
  }

  /**
   * The entry {@link NetworkBoot#resolveBoot()} boots, as {@link
   * org.bootlace.BootMenu#find(String)} reads it.
   *
   * @return the selector, or empty for the menu's default entry
   */
  public Optional<String> entry() {
    return entry;
  }

  /**
   * Arguments appended to the chosen entry's kernel command line after a space.
   *
   * @return the extra arguments, or empty for none
   */
  public Optional<String> extraArgs() {
    return extraArgs;
  }

  /**
   * DHCP option 60 (vendor class identifier) sent in every request.
   *
   * @return 1 to 255 printable ASCII characters
   */
  public String vendorClass() {
    return vendorClass;
  }

  /**
   * DHCP option 93, the client system architecture (RFC 4578).
   *
   * @return 0 to 65535: 0 BIOS x86, 7 x86-64 UEFI, ...
   */
  public int arch() {
    return arch;
  }

  /**
   * DHCP option 97, the client machine identifier, and pxelinux's first configuration name.
   *
   * @return a copy of the 16 bytes, or empty when none is sent
   */
  public Optional<byte[]> uuid() {
    return uuid.map(byte[]::clone);
  }

  /**
   * How long DHCP waits for an answer before sending again; the wait then doubles, up to 64 s.
   *
   * @return a positive duration, 1 s unless set
   */
  public Duration dhcpFirstResend() {
    return dhcpFirstResend;
  }

  /**
   * How long DHCP offers are still collected after the first arrived.
   *
   * @return zero or more, 300 ms unless set
   */
  public Duration offerWindow() {
    return offerWindow;
  }

  /**
   * The TFTP block size asked of the server (option {@code blksize}, RFC 2348).
   *
   * @return 8 to 65464 bytes, 1468 unless set
   */
  public int tftpBlockSize() {
    return tftpBlockSize;
  }

  /**
   * The number of TFTP blocks asked to be sent per acknowledgement (option {@code windowsize}, RFC
   * 7440).
   *
   * @return 1 to 65535, 8 unless set
   */
  public int tftpWindowSize() {
    return tftpWindowSize;
  }

  /**
   * How long a TFTP transfer waits through the server's silence before asking again.
   *
   * @return a positive duration, 1 s unless set
   */
  public Duration tftpTimeout() {
    return tftpTimeout;
  }

  /**
   * How many times a TFTP request or acknowledgement is sent again after a silence before the
   * transfer fails.
   *
   * @return zero or more, 5 unless set
   */
  public int tftpRetries() {
    return tftpRetries;
  }

  /**
   * The guest's disk image, resolved as a disk when the chosen entry is {@code LOCALBOOT}.
   *
   * @return the image, or empty to fail on a {@code LOCALBOOT} entry
   */
  public Optional<Path> localDisk() {
    return localDisk;
  }

  /**
   * Where progress lines go.
   *
   * @return the consumer, one that drops every line unless set
   */
  public Consumer<String> progress() {
    return progress;
  }

  /**
   * Builds {@link NetworkBootOptions}; every setter replaces the value set before. Not thread-safe.
   */
  public static final class Builder {
    private final String mac;
    private Optional<String> interfaceName = Optional.empty();
    private Optional<Path> netns = Optional.empty();
    private Optional<DatagramTransport.Factory> transports = Optional.empty();
    private Optional<Path> downloadDirectory = Optional.empty();
    private Limits limits = Limits.defaults();
    private Optional<String> entry = Optional.empty();
    private Optional<String> extraArgs = Optional.empty();
    private String vendorClass = "PXEClient:Arch:00000:UNDI:002001";
    private int arch = 0;
    private Optional<byte[]> uuid = Optional.empty();
    private Duration dhcpFirstResend = Duration.ofSeconds(1);
    private Duration offerWindow = Duration.ofMillis(300);
    private int tftpBlockSize = 1468;
    private int tftpWindowSize = 8;
    private Duration tftpTimeout = Duration.ofSeconds(1);
    private int tftpRetries = 5;
    private Optional<Path> localDisk = Optional.empty();
    private Consumer<String> progress = s -> {};

    private Builder(String mac) {
      Addresses.parseMac(mac);
      this.mac = mac;
    }

    /**
     * The interface to send and receive on, bound with {@code SO_BINDTODEVICE}.
     *
     * @param name a Linux interface name (1 to 15 bytes, no {@code /})
     * @return this builder
     */
    public Builder interfaceName(String name) {
      this.interfaceName = Optional.of(name);
      return this;
    }

    /**
     * Creates the sockets inside this network namespace ({@code /run/netns/NAME}).
     *
     * @param netns the namespace file
     * @return this builder
     */
    public Builder networkNamespace(Path netns) {
      this.netns = Optional.of(netns);
      return this;
    }

    /**
     * Uses the caller's sockets instead of bootlace's own.
     *
     * @param factory opens one transport per local UDP port asked
     * @return this builder
     */
    public Builder transports(DatagramTransport.Factory factory) {
      this.transports = Optional.of(factory);
      return this;
    }

    /**
     * Where files are fetched to; a private directory inside it is removed at close.
     *
     * @param dir an existing directory the process may write to
     * @return this builder
     */
    public Builder downloadDirectory(Path dir) {
      this.downloadDirectory = Optional.of(dir);
      return this;
    }

    /**
     * The bounds on everything read from the network and on each operation's time.
     *
     * @param limits the limits
     * @return this builder
     */
    public Builder limits(Limits limits) {
      this.limits = limits;
      return this;
    }

    /**
     * The entry to boot (a label, a title or an index, as {@code BootMenu.find} reads it).
     *
     * @param selector the entry to boot
     * @return this builder
     */
    public Builder entry(String selector) {
      this.entry = Optional.of(selector);
      return this;
    }

    /**
     * Appended to the entry's arguments after a space, as pygrub's {@code --args}.
     *
     * @param args the arguments to append; an empty string appends nothing
     * @return this builder
     */
    public Builder extraArgs(String args) {
      this.extraArgs = Optional.of(args);
      return this;
    }

    /**
     * Option 60 sent to DHCP.
     *
     * @param v 1 to 255 printable ASCII characters
     * @return this builder
     * @throws IllegalArgumentException if {@code v} is empty, longer or not printable ASCII
     */
    public Builder vendorClass(String v) {
      if (v.isEmpty() || v.length() > 255 || !v.chars().allMatch(c -> c >= 0x20 && c < 0x7f)) {
        throw new IllegalArgumentException(
            "vendor class must be 1 to 255 printable ASCII characters");
      }
      this.vendorClass = v;
      return this;
    }

    /**
     * Option 93, the client architecture (0 BIOS x86, 7 x86-64 UEFI, ...).
     *
     * @param arch 0 to 65535
     * @return this builder
     * @throws IllegalArgumentException if {@code arch} does not fit 16 bits
     */
    public Builder arch(int arch) {
      if (arch < 0 || arch > 0xffff) {
        throw new IllegalArgumentException("architecture must fit 16 bits: " + arch);
      }
      this.arch = arch;
      return this;
    }

    /**
     * Option 97, the client's machine UUID (16 bytes), and pxelinux's first config name.
     *
     * @param uuid the 16 bytes, copied
     * @return this builder
     * @throws IllegalArgumentException if {@code uuid} is not 16 bytes long
     */
    public Builder uuid(byte[] uuid) {
      if (uuid.length != 16) {
        throw new IllegalArgumentException("a UUID is 16 bytes, not " + uuid.length);
      }
      this.uuid = Optional.of(uuid.clone());
      return this;
    }

    /**
     * How long DHCP waits before its first resend; each later wait doubles, up to 64 s.
     *
     * @param d a positive duration
     * @return this builder
     * @throws IllegalArgumentException if {@code d} is zero or negative
     */
    public Builder dhcpFirstResend(Duration d) {
      this.dhcpFirstResend = positive(d);
      return this;
    }

    /**
     * How long DHCP offers are still collected after the first; a negative duration counts as zero
     * (the first offer is taken).
     *
     * @param d the window
     * @return this builder
     */
    public Builder offerWindow(Duration d) {
      this.offerWindow = d.isNegative() ? Duration.ZERO : d;
      return this;
    }

    /**
     * The TFTP block size to ask for, checked by {@link #build()}.
     *
     * @param size 8 to 65464 bytes
     * @return this builder
     */
    public Builder tftpBlockSize(int size) {
      this.tftpBlockSize = size;
      return this;
    }

    /**
     * The TFTP window size to ask for, checked by {@link #build()}.
     *
     * @param size 1 to 65535 blocks
     * @return this builder
     */
    public Builder tftpWindowSize(int size) {
      this.tftpWindowSize = size;
      return this;
    }

    /**
     * How long a TFTP transfer waits through a silence before asking again.
     *
     * @param d a positive duration
     * @return this builder
     * @throws IllegalArgumentException if {@code d} is zero or negative
     */
    public Builder tftpTimeout(Duration d) {
      this.tftpTimeout = positive(d);
      return this;
    }

    /**
     * How many times TFTP asks again after a silence before failing, checked by {@link #build()}.
     *
     * @param n zero or more
     * @return this builder
     */
    public Builder tftpRetries(int n) {
      this.tftpRetries = n;
      return this;
    }

    /**
     * The guest's disk image, resolved as pygrub would when the network's chosen entry is a {@code
     * LOCALBOOT} (pypxeboot fell back to the disk the same way).
     *
     * @param image the guest's disk image
     * @return this builder
     */
    public Builder localDisk(Path image) {
      this.localDisk = Optional.of(image);
      return this;
    }

    /**
     * Receives pypxeboot-like progress lines ({@code downloading kernel ...}).
     *
     * @param progress receives each line, on the thread doing the work
     * @return this builder
     */
    public Builder progress(Consumer<String> progress) {
      this.progress = progress;
      return this;
    }

    private static Duration positive(Duration d) {
      if (d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException("must be positive: " + d);
      }
      return d;
    }

    /**
     * The options as set.
     *
     * @return the immutable options
     * @throws IllegalArgumentException if a TFTP setting is out of range, or neither an interface
     *     nor transports were given
     */
    public NetworkBootOptions build() {
      new TftpClient.Settings(tftpBlockSize, tftpWindowSize, tftpTimeout, tftpRetries, true);
      if (interfaceName.isEmpty() && transports.isEmpty()) {
        throw new IllegalArgumentException(
            "give an interface or a transport to boot from the network");
      }
      return new NetworkBootOptions(this);
    }
  }
}
