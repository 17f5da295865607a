package org.bootlace.kernel;

/**
 * One ELF note of a kernel, decoded.
 *
 * @param owner the note's name ({@code Xen}, {@code Linux}, {@code GNU})
 * @param type the note type number
 * @param name the type's name where bootlace knows it ({@code XEN_ELFNOTE_ENTRY}), else {@code type
 *     N}
 * @param value the description as text: a string note's text, a number in hex, other bytes in hex
 */
public record KernelNote(String owner, long type, String name, String value) {
  @Override
  public String toString() {
    return owner + " " + name + " = " + value;
  }
}
