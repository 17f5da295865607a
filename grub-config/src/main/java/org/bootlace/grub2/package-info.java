/**
 * GRUB 2 configurations, evaluated as GRUB 2.06 evaluates them; {@link
 * org.bootlace.grub2.Grub2Parser} is the only public type.
 *
 * <p>The rules come from GRUB's source (grub-core/script for the language, normal/main.c and menu.c
 * for reading files and choosing the default, commands/ for each command, lib/envblk.c for grubenv)
 * and were checked against Debian's grub-emu 2.06. Choices, each visible in the result:
 *
 * <ul>
 *   <li>The platform is a Xen PV guest's GRUB (pvgrub2): {@code grub_platform=xen}, {@code
 *       grub_cpu=x86_64}, GRUB 2.06's {@code feature_*} variables; {@code BootOptions.variables()}
 *       overrides any. On {@code xen} the command line carries no {@code BOOT_IMAGE=} (GRUB's Xen
 *       loader adds none, nor does pygrub); on {@code pc} and {@code efi} it starts with {@code
 *       BOOT_IMAGE=} and the kernel as named, as GRUB's x86 Linux loader writes it.
 *   <li>Which GRUB: upstream 2.06, until the configuration runs {@code blscfg}. Only the GRUB of
 *       Fedora and RHEL (and their rebuilds) has that command, and a configuration that calls it is
 *       booted by that GRUB, so from then on its rules apply (those of Fedora 30 and RHEL 8 on; see
 *       {@code FedoraEntryNumber}): {@code default} and {@code fallback} match ids first, then
 *       titles, then only a whole number, so a BLS id that starts with a machine-id digit is still
 *       an id; entering an entry keeps {@code default} when no {@code >} follows; submenus and
 *       {@code configfile} copy every variable, not only exported ones. What ran before {@code
 *       blscfg} keeps upstream's rules. {@code BootOptions.variables()} entry {@code grub_flavour}
 *       ({@code upstream} or {@code fedora}) fixes the choice for the whole evaluation and is not a
 *       GRUB variable.
 *   <li>{@code root} starts as the configuration's device and {@code prefix} as its directory, as
 *       when the guest's own GRUB boots (pvgrub2 itself starts from its memdisk).
 *   <li>{@code linux16}/{@code linuxefi} and {@code initrd16}/{@code initrdefi}, which GRUB for Xen
 *       does not have, are read as {@code linux} and {@code initrd}, as pygrub reads them, with a
 *       note; {@code chainloader} fails on Xen as in GRUB. On {@code efi}, {@code chainloader} of a
 *       unified kernel image is what the firmware and systemd-stub then boot: the image's {@code
 *       .linux}, its {@code .ucode} and {@code .initrd}, and its {@code .cmdline} unless the
 *       chainloader arguments give one (an {@code @N} first selects profile N), modelled without
 *       Secure Boot, which would keep the image's own command line; any other chainloaded file
 *       stays a chainload entry that bootlace does not run.
 *   <li>On an image with no partition table, {@code (hd0,N)} is the image's filesystem, with a
 *       note, as pygrub reads everything from there.
 *   <li>Kernel files must exist and be regular files; their format is not checked.
 *   <li>Cosmetic commands (terminal, fonts, video, sound, modules) do nothing; unknown commands are
 *       warnings, as GRUB prints an error and goes on. Wildcards are not expanded (GRUB expands
 *       them only after {@code insmod regexp}). {@code save_env} writes nothing.
 *   <li>Fallback entries are tried in the environment the configuration left; what a failing
 *       entry's own script changes is not carried over.
 *   <li>Budgets: {@code maxScriptSteps} per command, {@code maxCallDepth} for nesting (parser,
 *       execution, {@code test} parentheses, submenus), {@code maxIncludeDepth} for {@code
 *       source}/{@code configfile}, {@code maxVariableBytes} per value and 16 times that for all
 *       variables or one command's arguments together, {@code maxMenuEntries}. GRUB's own limit of
 *       64 nested commands is GRUB behaviour: that command fails and the script goes on.
 * </ul>
 */
package org.bootlace.grub2;
