package org.bootlace.cli;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.bootlace.BootRecord;
import org.bootlace.BootSource;
import org.bootlace.kernel.Inspection;
import org.bootlace.kernel.KernelInfo;
import org.bootlace.kernel.OsInspector;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Prints what an image holds: its OS, and what its kernel is and how it boots. */
@Command(
    name = "inspect",
    description = "Print the image's OS and what its kernel is and can boot as.")
final class InspectCommand implements Callable<Integer> {
  private final Io io;

  @Mixin ImageOptions image;

  @Option(
      names = "--entry",
      paramLabel = "ENTRY",
      description = "Index (2, 1>0), title, id or title path instead of the default.")
  String entry;

  @Option(names = "--json", description = "Print JSON.")
  boolean json;

  InspectCommand(Io io) {
    this.io = io;
  }

  @Override
  public Integer call() throws Exception {
    var options = image.options();
    if (entry != null) {
      options.entry(entry);
    }
    try (BootSource source = image.open(options.build())) {
      BootRecord boot = source.resolveBoot();
      Inspection i = OsInspector.inspect(source, boot);
      Map<String, Object> out = new LinkedHashMap<>();
      Map<String, Object> os = new LinkedHashMap<>();
      i.os()
          .ifPresent(
              o -> {
                os.put("root", o.root());
                os.put("root_from", o.rootFrom());
                os.put("os_release", o.osReleasePath());
                os.put("id", o.id());
                os.put("version_id", o.versionId());
                os.put("pretty_name", o.prettyName());
                os.put("machine_id", o.machineId());
              });
      out.put("os", i.os().isPresent() ? os : null);
      out.put("entry", boot.entry().map(e -> e.indexPath() + " " + e.title()));
      out.put("kernel", kernel(i.kernel()));
      out.put("args", boot.args());
      out.put("modules_present", i.modulesPresent());
      out.put("warnings", i.warnings());
      if (json) {
        io.out().print(Json.write(out));
      } else {
        print("", out);
      }
      io.out().flush();
      return ExitCodes.OK;
    }
  }

  private static Map<String, Object> kernel(KernelInfo k) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("location", k.location());
    m.put("format", k.format().name().toLowerCase(java.util.Locale.ROOT));
    m.put("architecture", k.architecture());
    m.put("version", k.version());
    m.put("compression", k.compression().map(c -> c.label()));
    m.put("boot_protocol", k.bootProtocol());
    m.put("features", k.features());
    Map<String, Object> boots = new LinkedHashMap<>();
    k.bootsAs()
        .forEach((mode, why) -> boots.put(mode.name().toLowerCase(java.util.Locale.ROOT), why));
    m.put("boots_as", boots);
    m.put("notes", k.notes().stream().map(Object::toString).toList());
    m.put("findings", k.findings());
    return m;
  }

  private void print(String prefix, Map<String, Object> m) {
    for (Map.Entry<String, Object> e : m.entrySet()) {
      Object v = e.getValue();
      if (v instanceof java.util.Optional<?> o) {
        v = o.orElse(null);
      }
      String key = prefix + e.getKey();
      if (v instanceof Map<?, ?> sub) {
        @SuppressWarnings("unchecked")
        Map<String, Object> s = (Map<String, Object>) sub;
        print(key + ".", s);
      } else if (v instanceof List<?> list) {
        for (Object item : list) {
          io.out().println(key + ": " + Text.safe(String.valueOf(item)));
        }
      } else if (v != null) {
        io.out().println(key + ": " + Text.safe(String.valueOf(v)));
      }
    }
  }
}
