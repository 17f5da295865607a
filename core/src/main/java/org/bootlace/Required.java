package org.bootlace;

import com.google.common.collect.ImmutableList;
import java.util.List;
import java.util.Optional;

/**
 * The checks the values drivers build ({@link BootMenu}, {@link MenuEntry}, {@link BootTarget},
 * {@link Provenance}) share: a missing part is named as {@code Type.component}.
 */
final class Required {
  private Required() {}

  /** {@code value}, which must be set: {@code what} names it as {@code BootMenu.parser}. */
  static <T> T value(T value, String what) {
    if (value == null) {
      throw new NullPointerException(what + " is null");
    }
    return value;
  }

  /** An immutable copy of {@code list}, which must be set and hold no null element. */
  static <T> List<T> list(List<T> list, String what) {
    value(list, what);
    ImmutableList.Builder<T> copy = ImmutableList.builderWithExpectedSize(list.size());
    int i = 0;
    for (T element : list) {
      if (element == null) {
        throw new NullPointerException(what + "[" + i + "] is null");
      }
      copy.add(element);
      i++;
    }
    return copy.build();
  }

  /** {@code optional}, which must be set (to {@link Optional#empty()} when absent). */
  static <T> Optional<T> optional(Optional<T> optional, String what) {
    return value(optional, what);
  }

  /** An optional list, copied as {@link #list} copies. */
  static <T> Optional<List<T>> optionalList(Optional<List<T>> optional, String what) {
    return value(optional, what).map(l -> list(l, what));
  }

  /** A part a builder has no default for, which {@code build()} found unset. */
  static <T> T built(T value, String type, String component) {
    if (value == null) {
      throw new IllegalStateException(
          type + "." + component + " is not set: call " + type + ".Builder." + component + "(...)");
    }
    return value;
  }
}
