package org.bootlace.grub.bls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.bootlace.grub.bls.Bls.DIR;
import static org.bootlace.grub.bls.Bls.ids;
import static org.bootlace.grub.bls.Bls.load;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.bootlace.testing.MemFs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The order blscfg gives entries: by file name as name-version-release, newest first. */
class SortingTest {
  private static final String MID = "3f2c9a1e0b7d4c5f8e6a1b2c3d4e5f60";

  @ParameterizedTest(name = "[{0}]")
  @CsvSource(
      delimiter = '|',
      value = {
        "m-5.14.0-70.el9.x86_64|m|5.14.0|70.el9.x86_64",
        "m-0-rescue|m|0|rescue",
        "a-b-c-d|a-b|c|d",
        "a-b|a|b|''",
        "a|a|''|''",
        "-x|''|x|''",
        "a--b|a|''|b",
        "''|''|''|''",
      })
  void fileNamesSplitAtTheirLastTwoDashes(String id, String name, String version, String release) {
    assertThat(EntryOrder.split(id)).containsExactly(name, version, release);
  }

  @Test
  void newestKernelFirstAndRescueLastOnRhel9() throws Exception {
    MemFs.Builder fs = MemFs.builder();
    for (String v :
        List.of(
            "0-rescue",
            "5.14.0-70.el9.x86_64",
            "5.14.0-70.13.1.el9_0.x86_64",
            "5.14.0-162.6.1.el9_1.x86_64",
            "5.14.0-70.22.1.el9_0.x86_64")) {
      fs.file(DIR + "/" + MID + "-" + v + ".conf", "title " + v + "\nlinux /vmlinuz-" + v + "\n");
    }
    assertThat(ids(load(fs)))
        .containsExactly(
            MID + "-5.14.0-162.6.1.el9_1.x86_64",
            MID + "-5.14.0-70.22.1.el9_0.x86_64",
            MID + "-5.14.0-70.13.1.el9_0.x86_64",
            MID + "-5.14.0-70.el9.x86_64",
            MID + "-0-rescue");
  }

  @Test
  void fedoraRcKernelsSortBelowTheirRelease() throws Exception {
    MemFs.Builder fs = MemFs.builder();
    for (String v :
        List.of("6.9.0-0.rc7.58.fc41.x86_64", "6.9.0-64.fc41.x86_64", "6.8.11-300.fc40.x86_64")) {
      fs.file(DIR + "/" + MID + "-" + v + ".conf", "linux /vmlinuz-" + v + "\n");
    }
    assertThat(ids(load(fs)))
        .containsExactly(
            MID + "-6.9.0-64.fc41.x86_64",
            MID + "-6.9.0-0.rc7.58.fc41.x86_64",
            MID + "-6.8.11-300.fc40.x86_64");
  }

  @Test
  void theVersionKeyDoesNotDecideTheFileNameDoes() throws Exception {
    MemFs.Builder fs =
        MemFs.builder()
            .file(DIR + "/m-2.0-1.conf", "version 1.0-1\nlinux /a\n")
            .file(DIR + "/m-1.0-1.conf", "version 9.0-1\nlinux /b\n")
            .file(DIR + "/m-3.0-1.conf", "linux /c\n");
    assertThat(ids(load(fs))).containsExactly("m-3.0-1", "m-2.0-1", "m-1.0-1");
  }

  @Test
  void theMachineIdPartComesFirst() throws Exception {
    // A cloned image can hold two machines' entries: each machine's group stays together, the
    // machine-ids ordered as versions ('1b...' is a digit run, newer than the letters of 'b5...').
    MemFs.Builder fs =
        MemFs.builder()
            .file(
                DIR + "/b5aebfb91bff486bb9d44ba85e4ae683-4.18.0-193.el8.x86_64.conf", "linux /a\n")
            .file(
                DIR + "/1b11755afe1341d7a86383ca4944c324-4.18.0-193.28.1.el8_2.x86_64.conf",
                "linux /b\n")
            .file(DIR + "/1b11755afe1341d7a86383ca4944c324-0-rescue.conf", "linux /c\n")
            .file(
                DIR + "/b5aebfb91bff486bb9d44ba85e4ae683-5.4.17-2011.7.4.el8uek.x86_64.conf",
                "linux /d\n");
    assertThat(ids(load(fs)))
        .containsExactly(
            "1b11755afe1341d7a86383ca4944c324-4.18.0-193.28.1.el8_2.x86_64",
            "1b11755afe1341d7a86383ca4944c324-0-rescue",
            "b5aebfb91bff486bb9d44ba85e4ae683-5.4.17-2011.7.4.el8uek.x86_64",
            "b5aebfb91bff486bb9d44ba85e4ae683-4.18.0-193.el8.x86_64");
  }

  @Test
  void ofNamesThatCompareEqualOnlyTheFirstReadIsKept() throws Exception {
    // "m-1.0-1" and "m-1.00-1" are the same version; the directory lists "m-1.0-1.conf" first.
    MemFs.Builder fs =
        MemFs.builder()
            .file(DIR + "/m-1.00-1.conf", "title later\nlinux /b\n")
            .file(DIR + "/m-1.0-1.conf", "title first\nlinux /a\n")
            .file(DIR + "/m-1_0-1.conf", "title third\nlinux /c\n");
    List<BlsEntry> entries = load(fs);
    assertThat(entries).extracting(BlsEntry::title).containsExactly("first");
  }

  @Test
  void anEntryWithoutKernelStillTakesPartAndCanShadowAnother() throws Exception {
    MemFs.Builder fs =
        MemFs.builder()
            .file(DIR + "/m-1.0-1.conf", "title no kernel\n")
            .file(DIR + "/m-1.00-1.conf", "title kernel\nlinux /a\n")
            .file(DIR + "/m-2.0-1.conf", "linux /b\n");
    List<BlsEntry> entries = load(fs);
    assertThat(ids(entries)).containsExactly("m-2.0-1", "m-1.0-1");
    assertThat(entries.get(1).linux()).isEmpty();
  }

  @Test
  void tildeCaretAndPlusInFileNames() throws Exception {
    MemFs.Builder fs = MemFs.builder();
    for (String v : List.of("1.0", "1.0~rc1", "1.0+git1", "1.0^post1", "1.0.1", "0.9")) {
      fs.file(DIR + "/m-" + v + "-1.conf", "linux /" + v + "\n");
    }
    // '^' is a separator for blscfg: 1.0^post1 reads as 1.0.post1, above 1.0+git1, below 1.0.1.
    assertThat(ids(load(fs)))
        .containsExactly(
            "m-1.0.1-1", "m-1.0^post1-1", "m-1.0+git1-1", "m-1.0-1", "m-1.0~rc1-1", "m-0.9-1");
  }

  @Test
  void matchesBlscfgsInsertionIntoItsListEntryByEntry() throws Exception {
    // blscfg inserts each file, in directory order, before the first listed entry it is newer
    // than, and drops it when it compares equal to one. The result must be the same.
    Random random = new Random(20240521);
    String alphabet = "0123456789.-_~+^abz";
    for (int round = 0; round < 40; round++) {
      MemFs.Builder fs = MemFs.builder();
      List<String> names = new ArrayList<>();
      for (int k = 0; k < 30; k++) {
        StringBuilder s = new StringBuilder("m");
        int length = 1 + random.nextInt(8);
        for (int c = 0; c < length; c++) {
          s.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        String id = s.toString();
        if (!names.contains(id)) {
          names.add(id);
          fs.file(DIR + "/" + id + ".conf", "linux /v\n");
        }
      }
      // MemFs lists a directory sorted by file name (with its .conf).
      List<String> directoryOrder =
          names.stream().sorted(java.util.Comparator.comparing(n -> n + ".conf")).toList();
      assertThat(ids(load(fs)))
          .as("round %d: %s", round, names)
          .isEqualTo(insertLikeBlscfg(directoryOrder));
    }
  }

  private static List<String> insertLikeBlscfg(List<String> directoryOrder) {
    List<String> list = new ArrayList<>();
    next:
    for (String id : directoryOrder) {
      for (int k = 0; k < list.size(); k++) {
        int r = EntryOrder.INSTANCE.compare(id, list.get(k));
        if (r == 0) {
          continue next;
        }
        if (r > 0) {
          list.add(k, id);
          continue next;
        }
      }
      list.add(id);
    }
    return list;
  }
}
