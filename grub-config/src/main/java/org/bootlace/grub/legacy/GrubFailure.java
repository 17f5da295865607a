package org.bootlace.grub.legacy;

/**
 * A command of a menu entry failed the way GRUB would fail it; GRUB stops running the entry there.
 * Internal to the evaluator, never thrown out of the parser.
 */
final class GrubFailure extends Exception {
  private static final long serialVersionUID = 1L;

  GrubFailure(GrubError error) {
    super(error.toString(), null, false, false);
  }

  GrubFailure(String message) {
    super(message, null, false, false);
  }
}
