/**
 * Boot Loader Specification (type 1) entries as GRUB's {@code blscfg} command of Fedora and RHEL
 * reads them; {@link org.bootlace.grub.bls.BlsEntries} and {@link org.bootlace.grub.bls.BlsEntry}
 * are the only public types.
 *
 * <p>Not API: they are public only for GRUB 2's {@code blscfg} command ({@code org.bootlace.grub2},
 * in the same module). The module exports no package, so on the module path nothing outside it can
 * reach them; on the class path nothing here is kept compatible from one release to the next.
 *
 * <p>The rules come from blscfg's source (Fedora's and RHEL 9's grub2, which agree on everything
 * read here) rather than from the specification, where the two differ:
 *
 * <ul>
 *   <li>a line without a value, an empty line included, ends the file for blscfg; the keys before
 *       it stay;
 *   <li>the key ends at the first space of the line, or at its first tab only when it has no space;
 *   <li>{@code title}, {@code version}, {@code linux}, {@code options}, {@code devicetree}, {@code
 *       grub_users} and {@code grub_arg} take their first line; {@code initrd} and {@code
 *       grub_class} collect every line; {@code machine-id}, {@code sort-key}, {@code efi}, {@code
 *       architecture}, {@code devicetree-overlay} and RHEL's {@code id} are not used by blscfg;
 *   <li>entries are ordered by their file names as rpm package names (not by {@code sort-key} or
 *       {@code version}), newest first, and of names that compare equal only the first read is
 *       kept.
 * </ul>
 *
 * <p>Where bootlace is stricter than blscfg, it fails instead of guessing: a file larger than
 * {@code maxConfigBytes} (RHEL 9 reads any size, RHEL 8 skips files over 1 MiB), more {@code .conf}
 * names than {@code maxMenuEntries}, or more than {@code maxConfigBytes} in all the files together
 * raise {@link org.bootlace.LimitExceededException}. An entry file blscfg cannot open is skipped
 * silently, as blscfg skips it; the API reports nothing about it, and neither does GRUB.
 *
 * <p>RHEL 8's blscfg differs in ways this package does not follow: it sorts by the {@code version}
 * key before the file name when every entry has one, keeps entries that compare equal, treats
 * {@code +} in versions as a plain separator, and falls back to {@code /boot/loader/entries/} when
 * the first directory gives no entries rather than only when it cannot be read. RHEL 8's own
 * entries are named {@code <machine-id>-<version>.conf} with that version in the file, so both
 * orders agree on them.
 */
package org.bootlace.grub.bls;
