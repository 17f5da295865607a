/**
 * GRUB legacy (0.97) menus, evaluated as GRUB's stage2 evaluates them; {@link
 * org.bootlace.grub.legacy.GrubLegacyParser} is the only public type.
 *
 * <p>The rules come from stage2's source (cmdline.c, builtins.c, stage2.c, disk_io.c, boot.c) and
 * the GRUB manual; where pygrub reads a menu differently, GRUB's reading is followed, except that
 * the kernel arguments are stripped of surrounding blanks as pygrub strips them. The tolerances,
 * each reported in the result:
 *
 * <ul>
 *   <li>A device with no filesystem bootlace can read (the {@code (hd0,0)} of a Xen guest whose
 *       image is a bare filesystem, another disk, a BSD sub-partition) is replaced by the volume of
 *       the menu file, as pygrub reads everything from that volume; a warning says so.
 *   <li>An entry that loads another menu with {@code configfile} becomes a submenu holding that
 *       menu's entries; GRUB ignores {@code configfile} before the first title, and so does this
 *       parser. A loop back to a file being read is not expanded.
 *   <li>Lines are decoded as UTF-8; bytes that are not become U+FFFD, with a warning.
 *   <li>The kernel's format is checked only for a multiboot header, which decides what {@code
 *       module} loads; a Xen PV kernel that GRUB itself could not boot is still handed over.
 *   <li>Passwords, {@code lock} and {@code pause} are noted on the entries they affect; the entries
 *       stay listed.
 * </ul>
 */
package org.bootlace.grub.legacy;
