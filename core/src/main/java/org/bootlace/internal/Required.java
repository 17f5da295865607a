package org.bootlace.internal;

import com.google.common.collect.ImmutableList;
import java.util.List;
import java.util.Optional;

/**
 * The checks the values drivers build ({@link org.bootlace.BootMenu}, {@link
 * org.bootlace.MenuEntry}, {@link org.bootlace.BootTarget}, {@link org.bootlace.Provenance}, {@link
 * org.bootlace.spi.Partition}) share: a missing part is named as {@code Type.component}.
 */
public final class Required {
  private Required() {}

  /**
   * Checks that a component is set.
   *
   * @param <T> the component's type
   * @param value the component
   * @param what its name for the error, as {@code BootMenu.parser}
   * @return {@code value}
   * @throws NullPointerException naming {@code what} when {@code value} is null
   */
  public static <T> T value(T value, String what) {
    if (value == null) {
      throw new NullPointerException(what + " is null");
    }
    return value;
  }

  /**
   * Copies a list component, which must be set and hold no null element.
   *
   * @param <T> the element type
   * @param list the component
   * @param what its name for the error
   * @return an immutable copy
   * @throws NullPointerException naming {@code what}, and the element's index for a null element
   */
  public static <T> List<T> list(List<T> list, String what) {
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

  /**
   * Checks that an optional component is set (to {@link Optional#empty()} when absent).
   *
   * @param <T> the value's type
   * @param optional the component
   * @param what its name for the error
   * @return {@code optional}
   * @throws NullPointerException naming {@code what} when {@code optional} is null
   */
  public static <T> Optional<T> optional(Optional<T> optional, String what) {
    return value(optional, what);
  }

  /**
   * Checks an optional list component and copies the list as {@link #list} does.
   *
   * @param <T> the element type
   * @param optional the component
   * @param what its name for the error
   * @return the optional holding an immutable copy
   * @throws NullPointerException naming {@code what} when the optional or an element is null
   */
  public static <T> Optional<List<T>> optionalList(Optional<List<T>> optional, String what) {
    return value(optional, what).map(l -> list(l, what));
  }

  /**
   * Checks, in a builder's {@code build()}, that a component without a default was set.
   *
   * @param <T> the component's type
   * @param value the builder's field
   * @param type the built type's simple name, as {@code BootTarget}
   * @param component the component's name, as {@code kernel}
   * @return {@code value}
   * @throws IllegalStateException naming the setter to call when {@code value} is null
   */
  public static <T> T built(T value, String type, String component) {
    if (value == null) {
      throw new IllegalStateException(
          type + "." + component + " is not set: call " + type + ".Builder." + component + "(...)");
    }
    return value;
  }
}
