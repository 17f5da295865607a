package org.bootlace.grub.bls;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.bootlace.SourceLocation;

/**
 * One Boot Loader Specification entry file as GRUB's {@code blscfg} command reads it. Keys read
 * once take the first line with that key, as blscfg does (the specification would join repeated
 * {@code options} lines; blscfg does not). Values are raw: blscfg itself expands variables in
 * {@code options}, {@code devicetree} and {@code grub_users} when it builds the menu entry, as
 * described on {@link #options}.
 *
 * <p>blscfg makes a menu entry only of an entry with a {@code linux} key; entries without one are
 * listed here all the same, because they still take part in the sort (and take their place in it)
 * and in numeric {@code default} matching.
 *
 * @param id the file name without {@code .conf}: the menu entry's {@code --id}, which {@code
 *     saved_entry} and {@code default} name. When what remains still ends in {@code .conf}, that is
 *     removed too, as blscfg removes it.
 * @param title the {@code title} key; without one, the {@code linux} key, which is the title blscfg
 *     gives the menu entry; without either, the id (such an entry never becomes a menu entry)
 * @param version the {@code version} key, empty when there is none. Informational: the order comes
 *     from the file name.
 * @param linux the {@code linux} key: the kernel, a path on the volume the entries were read from.
 *     blscfg's entry runs {@code linux ($root)<linux> <expanded options>}.
 * @param initrds every {@code initrd} line's value, in file order. blscfg's entry runs one {@code
 *     initrd} command with {@code ($root)} put before each value; a value with several
 *     space-separated paths (RHEL's {@code /initramfs-<v>.img $tuned_initrd}) gets the prefix only
 *     on its first path. The file names in the variable {@code early_initrd}, if set, come first,
 *     each in the directory of the first initrd (or of the kernel).
 * @param options the first {@code options} line, unexpanded; empty when there is none, which blscfg
 *     treats like an empty value. When blscfg builds the entry it cuts the value into pieces: a
 *     {@code $} not right after a backslash starts a variable named by the run of ASCII letters,
 *     digits and {@code _} after it; the rest is literal text, less one space right after a
 *     variable name. A variable becomes its value followed by one space (nothing if unset); literal
 *     text, backslashes included, is copied. A literal or a name exactly one character long is
 *     dropped when a {@code $} or the end of the value follows it (an off-by-one in blscfg: {@code
 *     options x} yields no options). When the expansion yields nothing at all (no key, an empty
 *     value, only unset variables), the variable {@code default_kernelopts} is expanded the same
 *     way instead. The result is then part of the entry's script, so GRUB's lexer reads it again
 *     when the entry runs (quotes, {@code \$}, and any {@code $} a variable's value held).
 * @param devicetree the first {@code devicetree} line, unexpanded (expanded like {@link #options});
 *     without one, blscfg uses the variable {@code devicetree}, in the kernel's directory
 * @param grubUsers the first {@code grub_users} line, unexpanded (expanded like {@link #options}):
 *     the entry is restricted to those users when the expansion yields anything; RHEL's {@code
 *     grub_users $grub_users} restricts it only when that variable is set
 * @param grubArg the first {@code grub_arg} line. blscfg hands every {@code grub_arg} value to the
 *     menu entry as a further argument (positional parameters {@code $1}, ...), not as a {@code
 *     menuentry} option: RHEL's {@code grub_arg --unrestricted} does not lift a restriction.
 * @param grubClasses every {@code grub_class} line's value, in file order: the entry's classes
 * @param source the entry file, named {@code (device)/path}, at line 1
 */
public record BlsEntry(
    String id,
    String title,
    String version,
    Optional<String> linux,
    List<String> initrds,
    String options,
    Optional<String> devicetree,
    Optional<String> grubUsers,
    Optional<String> grubArg,
    List<String> grubClasses,
    SourceLocation source) {

  /**
   * Checks that no component is null and copies the lists; each component is described on the
   * record.
   *
   * @param id the file name without {@code .conf}
   * @param title the {@code title} key, else the {@code linux} key, else the id
   * @param version the {@code version} key, or empty
   * @param linux the {@code linux} key
   * @param initrds every {@code initrd} value, in file order
   * @param options the first {@code options} line, unexpanded, or empty
   * @param devicetree the first {@code devicetree} line, unexpanded
   * @param grubUsers the first {@code grub_users} line, unexpanded
   * @param grubArg the first {@code grub_arg} line
   * @param grubClasses every {@code grub_class} value, in file order
   * @param source the entry file, at line 1
   * @throws NullPointerException if a component is null
   */
  public BlsEntry {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(title, "title");
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(linux, "linux");
    initrds = List.copyOf(initrds);
    Objects.requireNonNull(options, "options");
    Objects.requireNonNull(devicetree, "devicetree");
    Objects.requireNonNull(grubUsers, "grubUsers");
    Objects.requireNonNull(grubArg, "grubArg");
    grubClasses = List.copyOf(grubClasses);
    Objects.requireNonNull(source, "source");
  }
}
