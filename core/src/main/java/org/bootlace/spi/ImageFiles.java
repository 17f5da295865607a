package org.bootlace.spi;

import java.io.IOException;
import org.bootlace.block.BlockDevice;

/**
 * The one way an {@link ImageFormat} may open another host file that an image names: a qcow2
 * backing file or external data file, a VHD or VHDX parent, a VMDK extent. Those names are written
 * inside the image, so they are hostile: the implementation the caller's {@code BootSource} hands
 * out opens a file only inside the directories the caller allowed ({@code
 * BootOptions.allowBackingDir}), resolves relative names against the directory of the image that
 * names them, checks the real path (so no symbolic link leads out of an allowed directory), bounds
 * the chain length ({@code Limits.maxBackingChain}) and refuses loops. Every refusal is a {@link
 * org.bootlace.BootlaceException} naming the file.
 */
public interface ImageFiles {
  /**
   * Opens the file {@code name} (as written in the image) for the purpose {@code role} ("backing
   * file", "data file", "parent", "extent"), read-only. The caller closes the returned device.
   *
   * @param name the file's name as the image writes it, relative or absolute
   * @param role what the file is to the image, for messages
   * @return the opened file
   * @throws org.bootlace.BootlaceException if the policy refuses the file, naming it and why
   * @throws IOException if the file cannot be opened
   */
  Opened open(String name, String role) throws IOException;

  /**
   * An opened file: its device, the resolver for the names written inside it (one level deeper in
   * the chain, relative to its own directory), and the name it was given, for messages.
   *
   * @param device the file's bytes
   * @param siblings the resolver for the names written inside this file
   * @param name the file's name, for messages
   */
  record Opened(BlockDevice device, ImageFiles siblings, String name) {}

  /**
   * A resolver that opens nothing, saying why: a byte array, a remote image, a fuzz input. Its
   * {@link #open} throws {@link org.bootlace.UnsupportedFeatureException}.
   *
   * @param why the reason, for the message
   * @return the resolver
   */
  static ImageFiles none(String why) {
    return (name, role) -> {
      throw new org.bootlace.UnsupportedFeatureException(
          "external files",
          "the image names its " + role + " '" + name + "', which is not opened: " + why);
    };
  }
}
