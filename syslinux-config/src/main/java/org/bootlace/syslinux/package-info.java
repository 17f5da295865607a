/**
 * The syslinux family's configurations (ISOLINUX, EXTLINUX, SYSLINUX, PXELINUX), evaluated as
 * syslinux 6 evaluates them; {@link org.bootlace.syslinux.SyslinuxParser} is the only public type.
 *
 * <p>The rules come from syslinux 6's source: ldlinux's config reader and command runner ({@code
 * com32/elflink/ldlinux}: {@code readconfig.c}, {@code ldlinux.c}, {@code execute.c}, {@code
 * kernel.c}), the menu module's reader ({@code com32/menu/readconfig.c}, {@code menumain.c}),
 * {@code mboot.c32}, and the config search of {@code core/fs}; the syslinux wiki and {@code
 * syslinux.cfg(5)} where the source is silent. In short:
 *
 * <ul>
 *   <li>Keywords in any ASCII case, each followed by a blank or the end of the line; unknown lines
 *       are ignored (with a warning unless they start with {@code #}). A line is read 4095 bytes at
 *       a time, so the rest of a longer line is read as further lines; a NUL ends a line.
 *   <li>{@code INCLUDE} and {@code MENU INCLUDE} read a file in place, as if pasted there; a
 *       missing file is skipped with a warning, as syslinux skips it. With a tag, the file's
 *       entries go into a submenu of that name, as the menu module shows them (ldlinux itself
 *       ignores the tag of a plain INCLUDE, which changes nothing that boots). Nesting is bounded
 *       by {@code maxIncludeDepth}; a file including itself is read once, with a warning (syslinux
 *       would recurse until it crashes).
 *   <li>An entry's command line is its kernel line, then its APPEND or else the global APPEND
 *       ({@code APPEND -} meaning none), then {@code initrd=} from INITRD. Its type comes from the
 *       directive ({@code LINUX}, {@code COM32}, {@code CONFIG}, ...) or, for {@code KERNEL}, from
 *       the file's extension ({@code .c32}, {@code .0}, {@code .bin}, {@code .bs}, {@code .bss},
 *       {@code .img}; anything else is a Linux kernel). The Linux loader takes the first {@code
 *       initrd=} as comma-separated ramdisks, so APPEND's wins over INITRD's ({@code
 *       syslinux.cfg(5)} says the last; the loader takes the first).
 *   <li>Files resolve against the current directory: the directory the configuration was found in
 *       (for PXELINUX's {@code pxelinux.cfg/<name>}, the directory above it), or the directory a
 *       CONFIG entry names after its file. PATH only adds places to find modules.
 *   <li>What boots: see {@code DefaultChoice}. {@code TIMEOUT} is in tenths of a second; {@link
 *       org.bootlace.BootMenu#timeoutSeconds()} rounds it up to whole seconds, is empty when the
 *       menu or prompt waits for ever (0), and is 0 when ldlinux boots at once (no PROMPT 1, no
 *       UI).
 *   <li>The menu tree: the root menu's entries in screen order (separators included, so an index is
 *       a position on screen), then MENU HIDE entries, then at most one entry for a DEFAULT, UI or
 *       ONTIMEOUT command that is not a label. {@code MenuEntry.id} is the LABEL. A submenu holds
 *       its entries; a CONFIG entry holds the entries of the configuration it switches to (not
 *       expanded again when that configuration is already being read further up).
 *   <li>{@code mboot.c32 kernel args --- module args --- ...} is a multiboot entry.
 *   <li>{@code MENU DEFAULT}, {@code MENU HIDE}, {@code MENU LABEL} (hotkey markers {@code ^}
 *       removed), {@code MENU BEGIN}/{@code END} (nesting bounded by {@code maxCallDepth}), {@code
 *       MENU GOTO}/{@code EXIT}/{@code QUIT}/{@code SEPARATOR}/{@code DISABLE}, {@code TEXT HELP
 *       ... ENDTEXT} (skipped), {@code LOCALBOOT} (an entry with a note).
 * </ul>
 *
 * <p>Where bootlace departs from syslinux, each time visibly:
 *
 * <ul>
 *   <li>Like pygrub, the {@code initrd=} word syslinux loads is taken out of the kernel's arguments
 *       (with one blank beside it), and the arguments are stripped of surrounding blanks; syslinux
 *       hands them over as they are, with {@code BOOT_IMAGE=} in front, which bootlace does not
 *       add.
 *   <li>IPAPPEND/SYSAPPEND values exist only on the machine at boot time; the entry's notes say
 *       which would be added.
 *   <li>{@code gfxboot.c32} reads the configuration with a reader of its own; bootlace applies the
 *       menu module's rules with a UI line, so DEFAULT names its first entry as it does.
 *   <li>A menu module that cannot be found is read all the same, with a warning (syslinux would
 *       stop at its boot: prompt). {@code MENU SAVE}'s saved entry (in the ADV of ldlinux.sys) is
 *       not read; a warning says so.
 *   <li>When a menu waits for ever, its default is what Enter does: a submenu entry leads to that
 *       submenu's default.
 * </ul>
 */
package org.bootlace.syslinux;
