/**
 * Read-only ISO 9660 (ECMA-119) with Rock Ridge (RRIP over SUSP), Joliet, zisofs and the El Torito
 * boot catalog. {@link org.bootlace.fs.iso9660.Iso9660FilesystemDriver} is the filesystem driver;
 * {@link org.bootlace.fs.iso9660.ElTorito} reads the boot catalog. Everything else is private to
 * the package.
 *
 * <h2>Which tree, which names</h2>
 *
 * As Linux mounts an image by default: the Rock Ridge tree when the primary root's "." record
 * carries SP and an ER naming RRIP ({@code RRIP_1991A}, {@code IEEE_P1282}, {@code IEEE_1282}), or
 * SP alone when there is no Joliet descriptor; else the Joliet tree; else the plain tree. Rock
 * Ridge names (NM, or the mapped ISO name where a record has none) match exactly. Joliet names drop
 * ";1" and trailing dots and match ignoring ASCII case and trailing dots (check=relaxed). Plain
 * names are mapped as map=normal does (lower case, ";1" and ".;1" dropped, other ';' and '/' become
 * '.') and, unlike Linux's check=strict, match ignoring ASCII case, as ISOLINUX and GRUB match
 * them. Associated files and directories moved under RE are not shown; a CL record stands for the
 * directory it names.
 *
 * <h2>Rules a valid image must follow here</h2>
 *
 * <ul>
 *   <li>The descriptor set holds only "CD001" descriptors and ends with a terminator by sector 99
 *       (Linux's bound); the logical block size is 512, 1024 or 2048.
 *   <li>Both halves of every both-byte-order field read must agree. Linux reads only the
 *       little-endian half; a disagreement means one half is damaged and nothing tells which, so it
 *       is reported instead of guessed at.
 *   <li>Directory records lie inside their 2048-byte logical sector; a zero length byte ends the
 *       sector's records (ECMA-119 6.8.1.1). A directory starts with "." naming its own extent,
 *       then "..". No subdirectory record (or CL) names its own directory or its parent. A
 *       directory's size is bounded by {@code maxMetadataBytes}, its records by {@code
 *       maxDirectoryEntries}.
 *   <li>Extents lie after the descriptor set and inside both the volume space and the device; the
 *       extents of one multi-extent file do not overlap.
 *   <li>SUSP entries fit their area; continuation areas fit one logical block (as Linux requires),
 *       never repeat and number at most 32 per record (Linux's bound). NM names are at most 255
 *       bytes; symbolic link targets are bounded by {@code maxPathBytes}.
 *   <li>zisofs files ("pz") have one extent, blocks of 2^15..2^17 bytes, a header that agrees with
 *       ZF and pointers inside the stored data; each block inflates to exactly its size.
 * </ul>
 *
 * <h2>Tolerances and what is not supported</h2>
 *
 * <ul>
 *   <li>A volume space that extends past the device (a truncated image) is read with a warning;
 *       extents must then end inside the device.
 *   <li>Unset or invalid dates read as 0. NM entries flagged CURRENT, PARENT or HOST are ignored,
 *       as Linux ignores them.
 *   <li>Interleaved files, RRIP sparse files (SF), zisofs2 and SL links to the volume root or the
 *       host raise {@link org.bootlace.UnsupportedFeatureException} when read.
 *   <li>Multi-session images are read through sector 16 as Linux reads an image file; xorriso
 *       writes the newest session's descriptors there when it appends to a file.
 * </ul>
 */
package org.bootlace.fs.iso9660;
