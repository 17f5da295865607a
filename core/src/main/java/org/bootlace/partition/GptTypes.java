package org.bootlace.partition;

import com.google.common.collect.ImmutableMap;
import java.util.Map;
import java.util.Optional;

/**
 * Readable names of common GPT partition type GUIDs, as util-linux's fdisk and sfdisk print them.
 */
final class GptTypes {
  private static final Map<String, String> NAMES =
      ImmutableMap.<String, String>builder()
          .put("c12a7328-f81f-11d2-ba4b-00a0c93ec93b", "EFI System")
          .put("21686148-6449-6e6f-744e-656564454649", "BIOS boot")
          .put("e3c9e316-0b5c-4db8-817d-f92df00215ae", "Microsoft reserved")
          .put("ebd0a0a2-b9e5-4433-87c0-68b6b72699c7", "Microsoft basic data")
          .put("de94bba4-06d1-4d40-a16a-bfd50179d6ac", "Windows recovery environment")
          .put("0fc63daf-8483-4772-8e79-3d69d8477de4", "Linux filesystem")
          .put("0657fd6d-a4ab-43c4-84e5-0933c84b4f4f", "Linux swap")
          .put("e6d6d379-f507-44c2-a23c-238f2a3df928", "Linux LVM")
          .put("a19d880f-05fc-4d3b-a006-743f0f84911e", "Linux RAID")
          .put("44479540-f297-41b2-9af7-d131d5f0458a", "Linux root (x86)")
          .put("4f68bce3-e8cd-4db1-96e7-fbcaf984b709", "Linux root (x86-64)")
          .put("b921b045-1df0-41c3-af44-4c6f280d3fae", "Linux root (ARM-64)")
          .put("933ac7e1-2eb4-4f13-b844-0e14e2aef915", "Linux home")
          .put("3b8f8425-20e0-4f3b-907f-1a25a76f98e8", "Linux server data")
          .put("8484680c-9521-48c6-9c11-b0720656f69e", "Linux /usr (x86-64)")
          .put("bc13c2ff-59e6-4262-a352-b275fd6f7172", "Linux extended boot")
          .build();

  private GptTypes() {}

  /**
   * @param guid lowercase, as {@link Guids#format} prints it
   */
  static Optional<String> name(String guid) {
    return Optional.ofNullable(NAMES.get(guid));
  }

  /** Every named type, for tests that compare with the real tools. */
  static Map<String, String> all() {
    return NAMES;
  }
}
