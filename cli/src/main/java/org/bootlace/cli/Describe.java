package org.bootlace.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.bootlace.BootMenu;
import org.bootlace.BootRecord;
import org.bootlace.FileRef;
import org.bootlace.GuestFile;
import org.bootlace.MenuEntry;
import org.bootlace.Provenance;

/** Records and menus as ordered maps, for --json and for the text listings. */
final class Describe {
  private Describe() {}

  static Map<String, Object> record(BootRecord r) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("kind", r.kind().name().toLowerCase(Locale.ROOT));
    m.put("kernel", file(r.kernel()));
    List<Object> ramdisks = new ArrayList<>();
    r.ramdisks().forEach(f -> ramdisks.add(file(f)));
    m.put("ramdisks", ramdisks);
    m.put("args", r.args());
    m.put("entry", r.entry().map(Describe::entryHeader).orElse(null));
    m.put("provenance", provenance(r.provenance()));
    return m;
  }

  static Map<String, Object> file(GuestFile f) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("location", f.location());
    m.put("path", f.path());
    m.put("size", f.size());
    return m;
  }

  static Map<String, Object> provenance(Provenance p) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("imageFormat", p.imageFormat());
    m.put("partition", p.partitionNumber());
    m.put("partitionScheme", p.partitionScheme());
    m.put("partitionType", p.partitionType());
    m.put("partitionOffset", p.partitionOffset());
    m.put("filesystem", p.fsType());
    m.put("uuid", p.fsUuid());
    m.put("label", p.fsLabel());
    m.put("config", p.config().map(FileRef::toString));
    m.put("parser", p.parser());
    m.put("warnings", p.warnings());
    return m;
  }

  static Map<String, Object> entryHeader(MenuEntry e) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("index", e.indexPath());
    m.put("title", e.title());
    m.put("id", e.id());
    m.put("source", e.source().toString());
    return m;
  }

  static Map<String, Object> menu(BootMenu menu) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("config", menu.config().toString());
    m.put("parser", menu.parser());
    m.put("default", menu.defaultEntry().map(MenuEntry::indexPathOf));
    m.put("defaultReason", menu.defaultReason());
    m.put("timeout", menu.timeoutSeconds());
    m.put("entries", entries(menu.entries()));
    m.put("warnings", menu.warnings());
    return m;
  }

  private static List<Object> entries(List<MenuEntry> level) {
    List<Object> out = new ArrayList<>();
    for (MenuEntry e : level) {
      Map<String, Object> m = entryHeader(e);
      m.put("kind", e.kind().name().toLowerCase(Locale.ROOT));
      e.target()
          .ifPresent(
              t -> {
                m.put("kernel", t.kernel().toString());
                m.put("initrds", t.initrds().stream().map(FileRef::toString).toList());
                m.put("args", t.args());
                if (!t.modules().isEmpty()) {
                  List<Object> mods = new ArrayList<>();
                  for (var mod : t.modules()) {
                    Map<String, Object> mm = new LinkedHashMap<>();
                    mm.put("file", mod.file().toString());
                    mm.put("args", mod.args());
                    mods.add(mm);
                  }
                  m.put("modules", mods);
                }
              });
      if (!e.notes().isEmpty()) {
        m.put("notes", e.notes());
      }
      if (!e.children().isEmpty()) {
        m.put("children", entries(e.children()));
      }
      out.add(m);
    }
    return out;
  }
}
