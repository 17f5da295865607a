package org.bootlace.pxe;

import org.bootlace.BootlaceException;

/**
 * A network boot could not go on: no DHCP answer within the deadline, a TFTP server's error or
 * silence, a socket the process may not open. The message names the protocol, the server and what
 * was asked, for example {@code tftp: 192.0.2.1: /pxelinux.cfg/default: server error 1 (File not
 * found)}.
 */
public final class NetworkException extends BootlaceException {
  /**
   * A failure described by {@code message}.
   *
   * @param message names the protocol, the server and what was asked
   */
  public NetworkException(String message) {
    super(message);
  }

  /**
   * A failure described by {@code message}, caused by {@code cause} (a socket's error, an
   * interrupted wait).
   *
   * @param message names the protocol, the server and what was asked
   * @param cause the underlying failure
   */
  public NetworkException(String message, Throwable cause) {
    super(message, cause);
  }
}
