package org.bootlace.pe;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.bootlace.CorruptImageException;
import org.bootlace.FileRef;
import org.bootlace.GuestFile;
import org.bootlace.LimitExceededException;
import org.bootlace.Limits;
import org.bootlace.binary.WholeFile;

/**
 * A unified kernel image (UKI, the UAPI Group's specification, systemd-stub its reference): a
 * PE/COFF program whose sections carry the kernel ({@code .linux}), a microcode initrd ({@code
 * .ucode}), the initrd ({@code .initrd}), the command line ({@code .cmdline}), the os-release
 * ({@code .osrel}) and the kernel release ({@code .uname}). The kernel and the initrds stay in the
 * file, read lazily as byte ranges of it ({@link FileRef.Range}).
 *
 * <p>Multi-profile images (systemd 257): every {@code .profile} section starts a profile, numbered
 * from 0 in table order; the sections before the first {@code .profile} are the base profile. A
 * profile is the base's sections with the profile's own sections in place of those of the same
 * name; within one profile, the first section of a name counts (systemd-stub's rules). An image
 * without {@code .profile} has one profile, {@code @0}, made of all its sections. systemd-boot
 * lists profiles {@code @0} to {@code @255} ({@link #MAX_PROFILES}, {@link #listedProfiles}) and
 * ignores the rest; the stub boots any declared profile its load options select ({@link #boot}).
 *
 * <p>What a booted profile gets, as systemd-stub hands it over: the {@code .linux} kernel, the
 * initrds {@code .ucode} first (the kernel takes microcode only from the first archive) then {@code
 * .initrd}, and the command line. The stub's own generated archives (credentials, system
 * extensions, its {@code /.extra/} copies of sections) and add-ons next to the image are not
 * reproduced. A command line is cut at its first NUL, control characters become spaces and trailing
 * spaces go, as systemd-stub mangles it.
 *
 * <p>All text sections of one image together are read within {@code maxConfigBytes}: 256 profiles
 * pointing at one large section cannot multiply the reading. An instance caches what it read and is
 * meant for one caller at a time.
 */
public final class UnifiedKernelImage {
  /** systemd's {@code UNIFIED_PROFILES_MAX}: profiles past {@code @255} are not used. */
  public static final int MAX_PROFILES = 256;

  private final FileRef ref;
  private final PeImage pe;
  private final Limits limits;

  /** Table positions of the {@code .profile} sections. */
  private final List<Integer> profileStarts;

  private final Map<Integer, String> texts = new HashMap<>();
  private long textBytes;

  private UnifiedKernelImage(FileRef ref, PeImage pe, Limits limits, List<Integer> profileStarts) {
    this.ref = ref;
    this.pe = pe;
    this.limits = limits;
    this.profileStarts = profileStarts;
  }

  /**
   * One profile as systemd-stub boots it.
   *
   * @param number the profile's number ({@code @0} for an image without profiles)
   * @param declared whether a {@code .profile} section declares it (false for a plain image)
   * @param metadata the {@code .profile} section's {@code KEY=value} pairs ({@code ID}, {@code
   *     TITLE}); empty without one
   * @param kernel the {@code .linux} section
   * @param initrds {@code .ucode} then {@code .initrd}, those present
   * @param cmdline the {@code .cmdline} section, mangled as the stub mangles it
   * @param osRelease the {@code .osrel} section's pairs; empty without one
   * @param uname the {@code .uname} section, stripped
   */
  public record Profile(
      int number,
      boolean declared,
      Map<String, String> metadata,
      FileRef kernel,
      List<FileRef> initrds,
      Optional<String> cmdline,
      Map<String, String> osRelease,
      Optional<String> uname) {
    /**
     * Copies the maps and the list into immutable ones.
     *
     * @param number the profile's number ({@code @0} for an image without profiles)
     * @param declared whether a {@code .profile} section declares it (false for a plain image)
     * @param metadata the {@code .profile} section's {@code KEY=value} pairs ({@code ID}, {@code
     *     TITLE}); empty without one
     * @param kernel the {@code .linux} section
     * @param initrds {@code .ucode} then {@code .initrd}, those present
     * @param cmdline the {@code .cmdline} section, mangled as the stub mangles it
     * @param osRelease the {@code .osrel} section's pairs; empty without one
     * @param uname the {@code .uname} section, stripped
     */
    public Profile {
      metadata = ImmutableMap.copyOf(metadata);
      initrds = ImmutableList.copyOf(initrds);
      osRelease = ImmutableMap.copyOf(osRelease);
    }
  }

  /**
   * What the stub boots when started with {@code loadOptions}.
   *
   * @param profile the selected profile
   * @param cmdline the kernel command line
   * @param note how the command line was chosen, when the load options played a part
   */
  public record Boot(Profile profile, String cmdline, Optional<String> note) {}

  /**
   * Reads the section table of {@code ref}'s file; empty when it has no {@code .linux} section (an
   * EFI program, not a UKI). Not a PE file: {@link org.bootlace.NotRecognizedException}; a section
   * outside the file: {@link CorruptImageException}.
   *
   * @param ref the file, or a range of one
   * @param limits the bounds; {@code maxConfigBytes} bounds the text sections read
   * @return the image; empty when the file is a PE program without {@code .linux}
   * @throws org.bootlace.NotRecognizedException if the file is not a PE file
   * @throws CorruptImageException if a header or a section lies outside the file
   * @throws IOException if the file cannot be read
   */
  public static Optional<UnifiedKernelImage> read(FileRef ref, Limits limits) throws IOException {
    GuestFile file = ref.open();
    PeImage pe = PeImage.read(file);
    if (pe.section(".linux").isEmpty()) {
      return Optional.empty();
    }
    List<Integer> starts = new ArrayList<>();
    List<PeImage.Section> s = pe.sections();
    for (int i = 0; i < s.size(); i++) {
      if (s.get(i).name().equals(".profile")) {
        starts.add(i);
      }
    }
    return Optional.of(new UnifiedKernelImage(ref, pe, limits, List.copyOf(starts)));
  }

  /** {@return the image's file} */
  public FileRef file() {
    return ref;
  }

  /** {@return how many {@code .profile} sections the image has (0 for a plain image)} */
  public int declaredProfiles() {
    return profileStarts.size();
  }

  /**
   * {@return how many profiles systemd-boot lists, from {@code @0}: at least 1, at most {@link
   * #MAX_PROFILES}}
   */
  public int listedProfiles() {
    return Math.max(1, Math.min(profileStarts.size(), MAX_PROFILES));
  }

  /**
   * Whether profile {@code n} exists: {@code @0} always, others when a {@code .profile} declares
   * them (the stub boots any declared profile; systemd-boot lists only the first 256).
   *
   * @param n the profile's number
   * @return true if the image has it
   */
  public boolean hasProfile(long n) {
    return n >= 0 && n < Math.max(1, profileStarts.size());
  }

  /**
   * Profile {@code n} (see {@link #hasProfile}), its text sections read now. A profile whose
   * sections hold no {@code .linux} (the image put it in another profile) is a corrupt image:
   * systemd-stub has no kernel to start.
   *
   * @param n the profile's number, one {@link #hasProfile} accepts
   * @return the profile
   * @throws IllegalArgumentException if the image has no profile {@code n}
   * @throws CorruptImageException if the profile has no {@code .linux} section
   * @throws org.bootlace.LimitExceededException if the text sections read from the image in all
   *     pass {@code maxConfigBytes}
   * @throws IOException if the file cannot be read
   */
  public Profile profile(int n) throws IOException {
    if (!hasProfile(n)) {
      throw new IllegalArgumentException("no profile @" + n + " in " + ref);
    }
    List<PeImage.Section> all = pe.sections();
    int baseEnd = profileStarts.isEmpty() ? all.size() : profileStarts.get(0);
    int from = profileStarts.isEmpty() ? all.size() : profileStarts.get(n);
    int to = n + 1 < profileStarts.size() ? profileStarts.get(n + 1) : all.size();
    Map<String, Integer> chosen = new LinkedHashMap<>();
    for (int i = 0; i < baseEnd; i++) {
      chosen.putIfAbsent(all.get(i).name(), i);
    }
    Map<String, Integer> own = new LinkedHashMap<>();
    for (int i = from; i < to; i++) {
      own.putIfAbsent(all.get(i).name(), i);
    }
    chosen.putAll(own);
    Integer linux = chosen.get(".linux");
    if (linux == null) {
      throw new CorruptImageException(
          "UKI: "
              + ref
              + ": profile @"
              + n
              + " has no .linux section (neither its own nor the base profile's)");
    }
    List<FileRef> initrds = new ArrayList<>();
    for (String name : List.of(".ucode", ".initrd")) {
      Integer i = chosen.get(name);
      if (i != null) {
        initrds.add(range(i, own.containsValue(i) && !profileStarts.isEmpty() ? n : -1));
      }
    }
    Map<String, String> metadata =
        own.containsKey(".profile") ? pairs(text(own.get(".profile"))) : Map.of();
    Optional<String> cmdline =
        chosen.containsKey(".cmdline")
            ? Optional.of(mangle(text(chosen.get(".cmdline"))))
            : Optional.empty();
    Map<String, String> osrel =
        chosen.containsKey(".osrel") ? pairs(text(chosen.get(".osrel"))) : Map.of();
    Optional<String> uname =
        chosen.containsKey(".uname")
            ? Optional.of(mangle(text(chosen.get(".uname"))).strip())
            : Optional.empty();
    return new Profile(
        n,
        !profileStarts.isEmpty(),
        metadata,
        range(linux, own.containsValue(linux) && !profileStarts.isEmpty() ? n : -1),
        initrds,
        cmdline,
        osrel,
        uname);
  }

  /**
   * What systemd-stub boots when started with {@code loadOptions} (GRUB's {@code chainloader}
   * arguments, a Type 1 entry's {@code options}), modelled without Secure Boot, as a toolstack
   * booting the kernel directly has none: a leading {@code @N} and one space select profile N (a
   * missing profile fails, as the stub refuses to boot); what remains, if not empty, replaces the
   * image's {@code .cmdline}. Under Secure Boot the stub would ignore the replacement when the
   * image has a {@code .cmdline}; the note says so.
   *
   * @param loadOptions the load options; null or empty for none
   * @return the profile booted and its command line
   * @throws CorruptImageException if the options select a profile the image does not have, or the
   *     profile has no {@code .linux} section
   * @throws org.bootlace.LimitExceededException if the text sections read from the image in all
   *     pass {@code maxConfigBytes}
   * @throws IOException if the file cannot be read
   */
  public Boot boot(String loadOptions) throws IOException {
    String rest = loadOptions == null ? "" : loadOptions;
    int number = 0;
    if (rest.startsWith("@")) {
      int i = 1;
      while (i < rest.length() && i < 12 && rest.charAt(i) >= '0' && rest.charAt(i) <= '9') {
        i++;
      }
      long n = i > 1 ? Long.parseLong(rest.substring(1, i)) : -1;
      // The stub's parse_profile_from_cmdline: digits up to UINT_MAX, then a space or the end.
      if (i > 1 && n <= 0xffffffffL && (i == rest.length() || rest.charAt(i) == ' ')) {
        if (!hasProfile(n)) {
          throw new CorruptImageException(
              "UKI: "
                  + ref
                  + ": load options select profile @"
                  + n
                  + ", but the image has "
                  + (profileStarts.isEmpty()
                      ? "no profiles"
                      : "profiles @0 to @" + (profileStarts.size() - 1))
                  + "; systemd-stub refuses to boot it");
        }
        number = (int) n;
        rest = rest.substring(Math.min(rest.length(), i + 1));
      }
    }
    Profile p = profile(number);
    String given = mangle(rest);
    if (given.isEmpty()) {
      return new Boot(p, p.cmdline().orElse(""), Optional.empty());
    }
    Optional<String> note =
        p.cmdline().isPresent()
            ? Optional.of(
                "the load options replace the image's .cmdline, as systemd-stub does without"
                    + " Secure Boot (with Secure Boot it would keep \""
                    + p.cmdline().get()
                    + "\")")
            : Optional.empty();
    return new Boot(p, given, note);
  }

  /**
   * A section as a byte range of the file, named {@code :.name} or {@code :.name@N} for a profile's
   * own.
   */
  private FileRef range(int index, int profile) {
    PeImage.Section s = pe.sections().get(index);
    String name = ":" + s.name() + (profile >= 0 ? "@" + profile : "");
    return new FileRef(
        ref.volume(),
        ref.path(),
        Optional.of(
            new FileRef.Range(
                ref.range().map(FileRef.Range::offset).orElse(0L) + s.rawOffset(),
                s.contentSize(),
                name)));
  }

  private String text(int index) throws IOException {
    String cached = texts.get(index);
    if (cached != null) {
      return cached;
    }
    PeImage.Section s = pe.sections().get(index);
    long budget = limits.maxConfigBytes() - textBytes;
    if (s.contentSize() > budget) {
      throw new LimitExceededException(
          "maxConfigBytes",
          limits.maxConfigBytes(),
          "UKI: "
              + ref
              + ": section "
              + index
              + " ("
              + s.name()
              + ", "
              + s.contentSize()
              + " bytes) takes the text read from the image past "
              + limits.maxConfigBytes()
              + " bytes");
    }
    byte[] b = WholeFile.read(pe.content(s), budget, "maxConfigBytes");
    textBytes += b.length;
    int n = 0;
    while (n < b.length && b[n] != 0) {
      n++;
    }
    String t = new String(b, 0, n, StandardCharsets.UTF_8);
    texts.put(index, t);
    return t;
  }

  /**
   * systemd-stub's {@code mangle_stub_cmdline}: control characters to spaces, trailing spaces off.
   */
  static String mangle(String s) {
    StringBuilder b = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      b.append(c <= 0x1f ? ' ' : c);
    }
    int end = b.length();
    while (end > 0 && b.charAt(end - 1) == ' ') {
      end--;
    }
    return b.substring(0, end);
  }

  /**
   * os-release's {@code KEY=value} lines (also the syntax of {@code .profile}); values may be
   * quoted with ' or " and use \ escapes. Later keys replace earlier ones.
   *
   * @param text the lines; blank lines, comments and lines without a key are skipped
   * @return the pairs, in the order their keys first appear
   */
  public static Map<String, String> pairs(String text) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String raw : text.split("\n", -1)) {
      String line = raw.strip();
      int eq = line.indexOf('=');
      if (line.isEmpty() || line.startsWith("#") || eq <= 0) {
        continue;
      }
      String key = line.substring(0, eq).strip();
      String v = line.substring(eq + 1).strip();
      if (v.length() >= 2
          && (v.charAt(0) == '"' || v.charAt(0) == '\'')
          && v.charAt(v.length() - 1) == v.charAt(0)) {
        v = v.substring(1, v.length() - 1);
        StringBuilder b = new StringBuilder(v.length());
        for (int i = 0; i < v.length(); i++) {
          char c = v.charAt(i);
          if (c == '\\' && i + 1 < v.length()) {
            c = v.charAt(++i);
          }
          b.append(c);
        }
        v = b.toString();
      }
      out.put(key, v);
    }
    return out;
  }
}
