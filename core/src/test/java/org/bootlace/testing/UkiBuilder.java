package org.bootlace.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Unified kernel images built the way systemd documents it, with {@code objcopy --add-section} and
 * {@code --change-section-vma} onto the stub Debian's systemd-boot-efi ships. objcopy keeps
 * sections in address order and refuses a second section of a name, so sections are added under
 * unique stand-in names at increasing addresses (the order given here) and renamed in a second run:
 * that is how a multi-profile image's repeated {@code .profile} and {@code .cmdline} come to be.
 * Sections given after {@link #profile} belong to that profile.
 */
public final class UkiBuilder {
  /** The stub of Debian's systemd-boot-efi. */
  public static final Path STUB = Path.of("/usr/lib/systemd/boot/efi/linuxx64.efi.stub");

  /** Where the added sections start in memory: past the stub's own. */
  private static final long FIRST_VMA = 0x100000;

  private record Section(String name, byte[] content) {}

  private final List<Section> sections = new ArrayList<>();

  public static UkiBuilder create() {
    return new UkiBuilder();
  }

  public UkiBuilder section(String name, byte[] content) {
    sections.add(new Section(name, content));
    return this;
  }

  public UkiBuilder section(String name, String content) {
    return section(name, content.getBytes(StandardCharsets.UTF_8));
  }

  /** Starts a profile: a {@code .profile} section with {@code metadata} ({@code ID=...}). */
  public UkiBuilder profile(String metadata) {
    return section(".profile", metadata);
  }

  /** Runs objcopy in a new directory under {@code dir}; returns the image's bytes. */
  public byte[] build(Path dir) {
    if (!Files.isRegularFile(STUB)) {
      throw new AssertionError(STUB + " is missing: install systemd-boot-efi");
    }
    try {
      Path work = Files.createTempDirectory(dir, "uki");
      List<String> add = new ArrayList<>(List.of("objcopy"));
      List<String> rename = new ArrayList<>(List.of("objcopy"));
      long vma = FIRST_VMA;
      for (int i = 0; i < sections.size(); i++) {
        Section s = sections.get(i);
        String standIn = String.format(Locale.ROOT, ".s%d", i);
        Path f = work.resolve("section" + i);
        Files.write(f, s.content());
        add.addAll(
            List.of(
                "--add-section",
                standIn + "=" + f,
                "--change-section-vma",
                standIn + "=" + String.format(Locale.ROOT, "0x%x", vma)));
        rename.addAll(List.of("--rename-section", standIn + "=" + s.name()));
        vma += (s.content().length + 0xfffL) & ~0xfffL;
        vma += 0x1000;
      }
      Path first = work.resolve("added.efi");
      Path out = work.resolve("uki.efi");
      add.add(STUB.toString());
      add.add(first.toString());
      Tools.run(add.toArray(String[]::new));
      rename.add(first.toString());
      rename.add(out.toString());
      Tools.run(rename.toArray(String[]::new));
      return Files.readAllBytes(out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
