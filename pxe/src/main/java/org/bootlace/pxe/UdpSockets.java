package org.bootlace.pxe;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import jnr.ffi.LibraryLoader;
import jnr.ffi.Pointer;
import jnr.ffi.Runtime;
import jnr.ffi.byref.IntByReference;
import org.bootlace.pxe.NativeLibc.LibC;

/**
 * The default UDP transports. {@link #onInterface} opens Linux sockets through libc (jnr-ffi) so
 * that they can be tied to one interface ({@code SO_BINDTODEVICE}, which Java's socket options
 * lack) and, when asked, created inside a network namespace ({@code setns} on a thread of their
 * own, so the rest of the process stays where it is). DHCP's client port 68 needs root or {@code
 * CAP_NET_BIND_SERVICE}, binding to a device needs {@code CAP_NET_RAW} on kernels before 5.7;
 * without them the error says which capability is missing. {@link #jdk()} uses plain Java sockets,
 * unbound to any interface.
 */
public final class UdpSockets {
  private static final int AF_INET = 2;
  private static final int SOCK_DGRAM = 2;
  private static final int SOCK_CLOEXEC = 0x80000;
  private static final int SOL_SOCKET = 1;
  private static final int SO_REUSEADDR = 2;
  private static final int SO_BROADCAST = 6;
  private static final int SO_BINDTODEVICE = 25;
  private static final int POLLIN = 1;
  private static final int CLONE_NEWNET = 0x40000000;
  private static final int O_RDONLY = 0;
  private static final int O_CLOEXEC = 0x80000;
  private static final int EPERM = 1;
  private static final int EINTR = 4;
  private static final int EACCES = 13;
  private static final int IFNAMSIZ = 16;
  private static final long SIOCGIFADDR = 0x8915;
  private static final int EADDRNOTAVAIL = 99;

  private UdpSockets() {}

  private static volatile LibC libc;

  private static LibC libc() throws NetworkException {
    LibC l = libc;
    if (l == null) {
      synchronized (UdpSockets.class) {
        l = libc;
        if (l == null) {
          try {
            l = LibraryLoader.create(LibC.class).load("c");
          } catch (UnsatisfiedLinkError | RuntimeException e) {
            throw new NetworkException(
                "udp: cannot load libc for interface-bound sockets: " + e, e);
          }
          libc = l;
        }
      }
    }
    return l;
  }

  /**
   * Sockets bound to interface {@code ifname} (broadcast allowed), created inside the network
   * namespace {@code netns} (a file such as {@code /run/netns/NAME}) when one is given.
   *
   * @param ifname the interface's name, as {@code ip link} shows it
   * @param netns the network namespace to open the sockets in, or empty for the caller's own
   * @return a factory of such sockets; each socket is opened when the factory is called
   * @throws IllegalArgumentException when {@code ifname} cannot be an interface's name
   */
  public static DatagramTransport.Factory onInterface(String ifname, Optional<Path> netns) {
    byte[] name = ifname.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    if (name.length == 0
        || name.length >= IFNAMSIZ
        || ifname.indexOf('/') >= 0
        || ifname.indexOf('\0') >= 0) {
      throw new IllegalArgumentException("not an interface name: '" + ifname + "'");
    }
    return port -> {
      if (netns.isEmpty()) {
        return NativeSocket.open(ifname, port);
      }
      return inNamespace(netns.get(), () -> NativeSocket.open(ifname, port));
    };
  }

  /** {@return a factory of plain Java sockets on any interface, broadcast allowed} */
  public static DatagramTransport.Factory jdk() {
    return JdkSocket::open;
  }

  private interface Opener {
    DatagramTransport open() throws IOException;
  }

  /** Runs {@code opener} on a new thread that first joins the namespace; the socket stays in it. */
  private static DatagramTransport inNamespace(Path netns, Opener opener) throws IOException {
    LibC c = libc();
    AtomicReference<Object> result = new AtomicReference<>();
    Thread t =
        new Thread(
            () -> {
              try {
                Runtime rt = Runtime.getRuntime(c);
                int fd = c.open(netns.toString(), O_RDONLY | O_CLOEXEC);
                if (fd < 0) {
                  throw new NetworkException(
                      "udp: open network namespace " + netns + ": " + error(c, rt));
                }
                try {
                  if (c.setns(fd, CLONE_NEWNET) != 0) {
                    int errno = rt.getLastError();
                    throw new NetworkException(
                        "udp: enter network namespace "
                            + netns
                            + ": "
                            + error(c, errno)
                            + (errno == EPERM ? " (needs root or CAP_SYS_ADMIN)" : ""));
                  }
                } finally {
                  c.close(fd);
                }
                result.set(opener.open());
              } catch (IOException | RuntimeException e) {
                result.set(e);
              }
            },
            "bootlace-netns");
    t.setDaemon(true);
    t.start();
    try {
      t.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new NetworkException("udp: interrupted while opening a socket in " + netns, e);
    }
    Object r = result.get();
    if (r instanceof DatagramTransport d) {
      return d;
    }
    if (r instanceof IOException e) {
      throw e;
    }
    throw (RuntimeException) r;
  }

  private static String error(LibC c, Runtime rt) {
    return error(c, rt.getLastError());
  }

  private static String error(LibC c, int errno) {
    Pointer msg = c.strerror(errno);
    return (msg == null ? "errno" : msg.getString(0)) + " (" + errno + ")";
  }

  static byte[] sockaddr(InetSocketAddress a) throws NetworkException {
    if (!(a.getAddress() instanceof Inet4Address v4)) {
      throw new NetworkException("udp: not an IPv4 address: " + a);
    }
    ByteBuffer b = ByteBuffer.allocate(16).order(ByteOrder.nativeOrder());
    b.putShort((short) AF_INET);
    b.order(ByteOrder.BIG_ENDIAN).putShort((short) a.getPort());
    b.put(v4.getAddress());
    return b.array();
  }

  /** A socket through libc. */
  private static final class NativeSocket implements DatagramTransport {
    private final LibC c;
    private final Runtime rt;
    private final String ifname;
    private final int port;
    private int fd;

    private NativeSocket(LibC c, int fd, String ifname, int port) {
      this.c = c;
      this.rt = Runtime.getRuntime(c);
      this.fd = fd;
      this.ifname = ifname;
      this.port = port;
    }

    static NativeSocket open(String ifname, int port) throws IOException {
      LibC c = libc();
      Runtime rt = Runtime.getRuntime(c);
      int fd = c.socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
      if (fd < 0) {
        throw new NetworkException("udp: socket: " + error(c, rt));
      }
      boolean ok = false;
      try {
        byte[] one = ByteBuffer.allocate(4).order(ByteOrder.nativeOrder()).putInt(1).array();
        option(c, rt, fd, SO_REUSEADDR, one, "SO_REUSEADDR", "");
        option(c, rt, fd, SO_BROADCAST, one, "SO_BROADCAST", "");
        byte[] dev = (ifname + "\0").getBytes(java.nio.charset.StandardCharsets.UTF_8);
        option(
            c,
            rt,
            fd,
            SO_BINDTODEVICE,
            dev,
            "SO_BINDTODEVICE " + ifname,
            " (binding to an interface needs root or CAP_NET_RAW)");
        byte[] any = sockaddr(new InetSocketAddress(InetAddress.getByAddress(new byte[4]), port));
        if (c.bind(fd, any, any.length) != 0) {
          int errno = rt.getLastError();
          throw new NetworkException(
              "udp: bind to port "
                  + port
                  + " on "
                  + ifname
                  + ": "
                  + error(c, errno)
                  + (errno == EACCES || errno == EPERM
                      ? " (ports below 1024 need root or CAP_NET_BIND_SERVICE)"
                      : ""));
        }
        ok = true;
        return new NativeSocket(c, fd, ifname, port);
      } finally {
        if (!ok) {
          c.close(fd);
        }
      }
    }

    private static void option(
        LibC c, Runtime rt, int fd, int name, byte[] value, String what, String hint)
        throws NetworkException {
      if (c.setsockopt(fd, SOL_SOCKET, name, value, value.length) != 0) {
        int errno = rt.getLastError();
        throw new NetworkException(
            "udp: setsockopt " + what + ": " + error(c, errno) + (errno == EPERM ? hint : ""));
      }
    }

    @Override
    public synchronized void send(ByteBuffer packet, InetSocketAddress to) throws IOException {
      checkOpen();
      byte[] data = new byte[packet.remaining()];
      packet.get(data);
      byte[] addr = sockaddr(to);
      long n = c.sendto(fd, data, data.length, 0, addr, addr.length);
      if (n != data.length) {
        throw new NetworkException("udp: send to " + to + " on " + ifname + ": " + error(c, rt));
      }
    }

    @Override
    public Optional<InetSocketAddress> receive(ByteBuffer dst, Duration timeout)
        throws IOException {
      long end = System.nanoTime() + Math.max(0, timeout.toNanos());
      byte[] pollfd =
          ByteBuffer.allocate(8)
              .order(ByteOrder.nativeOrder())
              .putInt(fd)
              .putShort((short) POLLIN)
              .array();
      while (true) {
        checkOpen();
        long left = end - System.nanoTime();
        if (left <= 0) {
          return Optional.empty();
        }
        int millis = (int) Math.max(1, Math.min(Integer.MAX_VALUE, (left + 999_999) / 1_000_000));
        int r = c.poll(pollfd, 1, millis);
        if (r < 0) {
          int errno = rt.getLastError();
          if (errno == EINTR) {
            continue;
          }
          throw new NetworkException("udp: poll on " + ifname + ": " + error(c, errno));
        }
        if (r == 0) {
          continue;
        }
        byte[] buf = new byte[dst.capacity()];
        byte[] from = new byte[16];
        IntByReference len = new IntByReference(16);
        long n = c.recvfrom(fd, buf, buf.length, 0, from, len);
        if (n < 0) {
          int errno = rt.getLastError();
          if (errno == EINTR) {
            continue;
          }
          throw new NetworkException("udp: receive on " + ifname + ": " + error(c, errno));
        }
        dst.clear();
        dst.put(buf, 0, (int) n);
        dst.flip();
        ByteBuffer a = ByteBuffer.wrap(from);
        int sport = Short.toUnsignedInt(a.getShort(2));
        byte[] ip = new byte[4];
        a.position(4);
        a.get(ip);
        return Optional.of(new InetSocketAddress(InetAddress.getByAddress(ip), sport));
      }
    }

    /**
     * SIOCGIFADDR on this socket: the interface's primary IPv4 address, in the socket's namespace.
     */
    @Override
    public synchronized Optional<Inet4Address> interfaceAddress() throws IOException {
      checkOpen();
      byte[] ifreq = new byte[40]; // struct ifreq: the name, then a struct sockaddr
      byte[] name = ifname.getBytes(java.nio.charset.StandardCharsets.UTF_8);
      System.arraycopy(name, 0, ifreq, 0, name.length);
      ifreq[IFNAMSIZ] = AF_INET; // sa_family, little-endian on the platforms bootlace runs on
      if (c.ioctl(fd, SIOCGIFADDR, ifreq) != 0) {
        int errno = rt.getLastError();
        if (errno == EADDRNOTAVAIL) {
          return Optional.empty();
        }
        throw new NetworkException("udp: address of " + ifname + ": " + error(c, errno));
      }
      byte[] ip = java.util.Arrays.copyOfRange(ifreq, IFNAMSIZ + 4, IFNAMSIZ + 8);
      return Optional.of((Inet4Address) InetAddress.getByAddress(ip));
    }

    private void checkOpen() throws NetworkException {
      if (fd < 0) {
        throw new NetworkException("udp: socket on " + ifname + " is closed");
      }
    }

    @Override
    public int localPort() {
      return port;
    }

    @Override
    public synchronized void close() {
      if (fd >= 0) {
        c.close(fd);
        fd = -1;
      }
    }
  }

  /** A Java DatagramChannel. */
  private static final class JdkSocket implements DatagramTransport {
    private final DatagramChannel channel;
    private final Selector selector;

    private JdkSocket(DatagramChannel channel, Selector selector) {
      this.channel = channel;
      this.selector = selector;
    }

    static JdkSocket open(int port) throws IOException {
      DatagramChannel ch = DatagramChannel.open(StandardProtocolFamily.INET);
      try {
        ch.setOption(StandardSocketOptions.SO_REUSEADDR, true);
        ch.setOption(StandardSocketOptions.SO_BROADCAST, true);
        try {
          ch.bind(new InetSocketAddress(port));
        } catch (java.net.SocketException e) {
          throw new NetworkException(
              "udp: bind to port "
                  + port
                  + ": "
                  + e.getMessage()
                  + (port < 1024 ? " (ports below 1024 need root or CAP_NET_BIND_SERVICE)" : ""),
              e);
        }
        ch.configureBlocking(false);
        Selector sel = Selector.open();
        ch.register(sel, SelectionKey.OP_READ);
        return new JdkSocket(ch, sel);
      } catch (IOException | RuntimeException e) {
        ch.close();
        throw e;
      }
    }

    @Override
    public void send(ByteBuffer packet, InetSocketAddress to) throws IOException {
      channel.send(packet, to);
    }

    @Override
    public Optional<InetSocketAddress> receive(ByteBuffer dst, Duration timeout)
        throws IOException {
      long end = System.nanoTime() + Math.max(0, timeout.toNanos());
      while (true) {
        dst.clear();
        var from = channel.receive(dst);
        if (from != null) {
          dst.flip();
          return Optional.of((InetSocketAddress) from);
        }
        long left = end - System.nanoTime();
        if (left <= 0) {
          dst.flip().limit(0);
          return Optional.empty();
        }
        selector.select(Math.max(1, left / 1_000_000));
        selector.selectedKeys().clear();
      }
    }

    @Override
    public int localPort() {
      return channel.socket().getLocalPort();
    }

    @Override
    public void close() throws IOException {
      try {
        selector.close();
      } finally {
        channel.close();
      }
    }
  }
}
