package org.bootlace.grub2;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The variable size count agrees with the bytes {@code getBytes(UTF_8)} makes, for any string. */
class EnvUtf8LengthTest {
  private static long encoded(String s) {
    return s.getBytes(StandardCharsets.UTF_8).length;
  }

  @Test
  void everyKindOfCharacter() {
    for (String s :
        new String[] {
          "",
          "root=/dev/xvda1",
          "caf\u00e9",
          "\u20ac100",
          "\ud83d\ude00",
          "a\ud83d",
          "\ud83d",
          "\ude00x",
          "\ude00\ud83d",
          "\ud83d\ud83d\ude00"
        }) {
      assertThat(Env.utf8Length(s)).as(s).isEqualTo(encoded(s));
    }
  }

  @Test
  void randomStringsWithSurrogatesAnywhere() {
    Random r = new Random(42);
    char[] pool = {
      'a', '\u007f', '\u0080', '\u07ff', '\u0800', '\uffff', '\ud800', '\udbff', '\udc00', '\udfff'
    };
    for (int n = 0; n < 20_000; n++) {
      char[] c = new char[r.nextInt(12)];
      for (int i = 0; i < c.length; i++) {
        c[i] = r.nextBoolean() ? pool[r.nextInt(pool.length)] : (char) r.nextInt(0x10000);
      }
      String s = new String(c);
      assertThat(Env.utf8Length(s)).isEqualTo(encoded(s));
    }
  }
}
