package org.bootlace.grub2;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.bootlace.Limits;
import org.bootlace.Volume;
import org.bootlace.internal.Deadline;
import org.bootlace.spi.ConfigContext;

/** Runs a script through the parser's session directly, to see what it echoed. */
final class Echo {
  private Echo() {}

  static List<String> run(String cfg) throws IOException {
    return runOn(G2.fs(cfg).build(), cfg);
  }

  /** Runs {@code cfg} as the configuration of the bare filesystem {@code fs}. */
  static List<String> runOn(byte[] fs, String cfg) throws IOException {
    try (var source = G2.open(fs)) {
      Volume v = source.volumes().get(0);
      ConfigContext ctx = context(v, cfg.getBytes(StandardCharsets.UTF_8));
      Session s = new Session(ctx, new Platform(Map.of()));
      Env env = new Env(Limits.defaults().maxVariableBytes());
      env.set("root", v.grubDevice(), "");
      env.set("prefix", "(" + v.grubDevice() + ")/boot/grub", "");
      env.setMenu(new Menus.Menu());
      Machine m = new Machine(s, env, new java.util.HashMap<>(), s.warnings, false);
      m.runFile(v, G2.CFG, cfg.getBytes(StandardCharsets.UTF_8));
      return s.echoed;
    }
  }

  static ConfigContext context(Volume v, byte[] content) {
    Deadline d = new Deadline();
    return new ConfigContext() {
      @Override
      public Volume volume() {
        return v;
      }

      @Override
      public String path() {
        return G2.CFG;
      }

      @Override
      public byte[] content() {
        return content.clone();
      }

      @Override
      public List<Volume> volumes() {
        return List.of(v);
      }

      @Override
      public Optional<Volume> partition(int number) {
        return number == v.partition().number() ? Optional.of(v) : Optional.empty();
      }

      @Override
      public Limits limits() {
        return Limits.defaults();
      }

      @Override
      public Map<String, String> variables() {
        return Map.of();
      }

      @Override
      public Deadline deadline() {
        return d;
      }
    };
  }
}
