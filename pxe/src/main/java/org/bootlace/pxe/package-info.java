/**
 * Network boot: a guest booted the way a PXE ROM, pxelinux, GRUB 2's network images or iPXE would
 * boot it, returning the same {@link org.bootlace.BootRecord} as a disk image. {@link
 * org.bootlace.pxe.NetworkBoot} is the entry point, configured by {@link
 * org.bootlace.pxe.NetworkBootOptions}; {@link org.bootlace.pxe.Lease} is what DHCP answered;
 * {@link org.bootlace.pxe.DatagramTransport} lets a caller supply its own UDP sockets in place of
 * {@link org.bootlace.pxe.UdpSockets}; failures of the network itself are {@link
 * org.bootlace.pxe.NetworkException}.
 *
 * <p>Everything a server sends is untrusted, as a disk image is: packets are parsed with bounds
 * checked, every exchange ends at the operation's deadline ({@link org.bootlace.Limits#timeout()}),
 * and files fetched count against the same limits as files read from a disk.
 */
package org.bootlace.pxe;
