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

  /** Options for the guest whose MAC address is {@code mac} ({@code aa:bb:cc:dd:ee:ff}). */
  public static Builder builder(String mac) {
    return new Builder(mac);
  }

  public String mac() {
    return mac;
  }

  public Optional<String> interfaceName() {
    return interfaceName;
  }

  public Optional<Path> networkNamespace() {
    return netns;
  }

  public Optional<DatagramTransport.Factory> transports() {
    return transports;
  }

  public Optional<Path> downloadDirectory() {
    return downloadDirectory;
  }

  public Limits limits() {
    return limits;
  }

  public Optional<String> entry() {
    return entry;
  }

  public Optional<String> extraArgs() {
    return extraArgs;
  }

  public String vendorClass() {
    return vendorClass;
  }

  public int arch() {
    return arch;
  }

  public Optional<byte[]> uuid() {
    return uuid.map(byte[]::clone);
  }

  public Duration dhcpFirstResend() {
    return dhcpFirstResend;
  }

  public Duration offerWindow() {
    return offerWindow;
  }

  public int tftpBlockSize() {
    return tftpBlockSize;
  }

  public int tftpWindowSize() {
    return tftpWindowSize;
  }

  public Duration tftpTimeout() {
    return tftpTimeout;
  }

  public int tftpRetries() {
    return tftpRetries;
  }

  public Optional<Path> localDisk() {
    return localDisk;
  }

  public Consumer<String> progress() {
    return progress;
  }

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

    /** The interface to send and receive on, bound with {@code SO_BINDTODEVICE}. */
    public Builder interfaceName(String name) {
      this.interfaceName = Optional.of(name);
      return this;
    }

    /** Creates the sockets inside this network namespace ({@code /run/netns/NAME}). */
    public Builder networkNamespace(Path netns) {
      this.netns = Optional.of(netns);
      return this;
    }

    /** Uses the caller's sockets instead of bootlace's own. */
    public Builder transports(DatagramTransport.Factory factory) {
      this.transports = Optional.of(factory);
      return this;
    }

    /** Where files are fetched to; a private directory inside it is removed at close. */
    public Builder downloadDirectory(Path dir) {
      this.downloadDirectory = Optional.of(dir);
      return this;
    }

    public Builder limits(Limits limits) {
      this.limits = limits;
      return this;
    }

    /** The entry to boot (a label, a title or an index, as {@code BootMenu.find} reads it). */
    public Builder entry(String selector) {
      this.entry = Optional.of(selector);
      return this;
    }

    /** Appended to the entry's arguments after a space, as pygrub's {@code --args}. */
    public Builder extraArgs(String args) {
      this.extraArgs = Optional.of(args);
      return this;
    }

    /** Option 60 sent to DHCP. */
    public Builder vendorClass(String v) {
      if (v.isEmpty() || v.length() > 255 || !v.chars().allMatch(c -> c >= 0x20 && c < 0x7f)) {
        throw new IllegalArgumentException(
            "vendor class must be 1 to 255 printable ASCII characters");
      }
      this.vendorClass = v;
      return this;
    }

    /** Option 93, the client architecture (0 BIOS x86, 7 x86-64 UEFI, ...). */
    public Builder arch(int arch) {
      if (arch < 0 || arch > 0xffff) {
        throw new IllegalArgumentException("architecture must fit 16 bits: " + arch);
      }
      this.arch = arch;
      return this;
    }

    /** Option 97, the client's machine UUID (16 bytes), and pxelinux's first config name. */
    public Builder uuid(byte[] uuid) {
      if (uuid.length != 16) {
        throw new IllegalArgumentException("a UUID is 16 bytes, not " + uuid.length);
      }
      this.uuid = Optional.of(uuid.clone());
      return this;
    }

    public Builder dhcpFirstResend(Duration d) {
      this.dhcpFirstResend = positive(d);
      return this;
    }

    public Builder offerWindow(Duration d) {
      this.offerWindow = d.isNegative() ? Duration.ZERO : d;
      return this;
    }

    public Builder tftpBlockSize(int size) {
      this.tftpBlockSize = size;
      return this;
    }

    public Builder tftpWindowSize(int size) {
      this.tftpWindowSize = size;
      return this;
    }

    public Builder tftpTimeout(Duration d) {
      this.tftpTimeout = positive(d);
      return this;
    }

    public Builder tftpRetries(int n) {
      this.tftpRetries = n;
      return this;
    }

    /**
     * The guest's disk image, resolved as pygrub would when the network's chosen entry is a {@code
     * LOCALBOOT} (pypxeboot fell back to the disk the same way).
     */
    public Builder localDisk(Path image) {
      this.localDisk = Optional.of(image);
      return this;
    }

    /** Receives pypxeboot-like progress lines ({@code downloading kernel ...}). */
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
