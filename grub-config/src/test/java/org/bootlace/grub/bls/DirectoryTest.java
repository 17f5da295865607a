package org.bootlace.grub.bls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.bootlace.grub.bls.Bls.DIR;
import static org.bootlace.grub.bls.Bls.ids;
import static org.bootlace.grub.bls.Bls.load;

import java.util.List;
import org.bootlace.Limits;
import org.bootlace.SourceLocation;
import org.bootlace.Volume;
import org.bootlace.testing.MemFs;
import org.bootlace.testing.TestDisk;
import org.bootlace.testing.TestImages;
import org.junit.jupiter.api.Test;

/** Which directory blscfg reads and which of its names become entries. */
class DirectoryTest {
  private static final String ENTRY = "linux /vmlinuz\n";

  @Test
  void onlyNamesEndingInConfAndNotStartingWithADotCount() throws Exception {
    MemFs.Builder fs =
        MemFs.builder()
            .file(DIR + "/a-1-1.conf", ENTRY)
            .file(DIR + "/b-1-1.txt", ENTRY)
            .file(DIR + "/c-1-1.conf.rpmsave", ENTRY)
            .file(DIR + "/d-1-1.CONF", ENTRY)
            .file(DIR + "/.e-1-1.conf", ENTRY)
            .file(DIR + "/.conf", ENTRY)
            .file(DIR + "/f.conf", ENTRY);
    assertThat(ids(load(fs))).containsExactly("f", "a-1-1");
  }

  @Test
  void aNameThatLeadsToNoFileIsSkipped() throws Exception {
    MemFs.Builder fs =
        MemFs.builder()
            .file(DIR + "/a-1-1.conf", ENTRY)
            .dir(DIR + "/b-2-1.conf")
            .file(DIR + "/c-3-1.conf/inner.conf", ENTRY)
            .symlink(DIR + "/d-4-1.conf", "/nowhere.conf")
            .symlink(DIR + "/e-5-1.conf", "e-5-1.conf")
            .symlink(DIR + "/f-6-1.conf", "g-7-1.conf")
            .symlink(DIR + "/g-7-1.conf", "f-6-1.conf");
    assertThat(ids(load(fs))).containsExactly("a-1-1");
  }

  @Test
  void aLinkToAFileIsReadUnderTheLinksName() throws Exception {
    MemFs.Builder fs =
        MemFs.builder()
            .file("/shared/kernel.conf", "title shared\n" + ENTRY)
            .symlink(DIR + "/m-2.0-1.conf", "../../shared/kernel.conf");
    List<BlsEntry> entries = load(fs);
    assertThat(ids(entries)).containsExactly("m-2.0-1");
    assertThat(entries.get(0).title()).isEqualTo("shared");
    assertThat(entries.get(0).source())
        .isEqualTo(new SourceLocation("(hd0)/loader/entries/m-2.0-1.conf", 1));
  }

  @Test
  void theFallbackDirectoryIsReadWhenTheFirstIsMissing() throws Exception {
    // / holds /boot: blscfg finds no /loader/entries and reads /boot/loader/entries.
    MemFs.Builder fs = MemFs.builder().file("/boot/loader/entries/m-1-1.conf", ENTRY);
    List<BlsEntry> entries = load(fs);
    assertThat(ids(entries)).containsExactly("m-1-1");
    assertThat(entries.get(0).source().file()).isEqualTo("(hd0)/boot/loader/entries/m-1-1.conf");
  }

  @Test
  void theFallbackDirectoryIsNotReadWhenTheFirstExists() throws Exception {
    MemFs.Builder fs =
        MemFs.builder()
            .file(DIR + "/a-1-1.conf", ENTRY)
            .file("/boot/loader/entries/b-1-1.conf", ENTRY);
    assertThat(ids(load(fs))).containsExactly("a-1-1");
  }

  @Test
  void anEmptyFirstDirectoryStillWins() throws Exception {
    // Fedora's and RHEL 9's blscfg fall back only when the first directory cannot be read.
    MemFs.Builder fs = MemFs.builder().dir(DIR).file("/boot/loader/entries/b-1-1.conf", ENTRY);
    assertThat(load(fs)).isEmpty();
  }

  @Test
  void aFileOrALinkLoopWhereTheDirectoryShouldBeFallsBack() throws Exception {
    MemFs.Builder file =
        MemFs.builder().file("/loader/entries", "x").file("/boot/loader/entries/b-1-1.conf", ENTRY);
    assertThat(ids(load(file))).containsExactly("b-1-1");
    MemFs.Builder notADirectoryOnTheWay =
        MemFs.builder().file("/loader", "x").file("/boot/loader/entries/b-1-1.conf", ENTRY);
    assertThat(ids(load(notADirectoryOnTheWay))).containsExactly("b-1-1");
    MemFs.Builder loop =
        MemFs.builder()
            .symlink("/loader", "/loader/entries")
            .file("/boot/loader/entries/b-1-1.conf", ENTRY);
    assertThat(ids(load(loop))).containsExactly("b-1-1");
  }

  @Test
  void noDirectoryMeansNoEntries() throws Exception {
    assertThat(load(MemFs.builder().file("/boot/grub2/grub.cfg", "blscfg\n"))).isEmpty();
    assertThat(BlsEntries.load(Bls.volume(MemFs.builder().dir(DIR)), List.of(), Limits.defaults()))
        .isEmpty();
  }

  @Test
  void aLinkedDirectoryIsFollowed() throws Exception {
    MemFs.Builder fs =
        MemFs.builder()
            .symlink("/loader", "boot/loader")
            .file("/boot/loader/entries/m-1-1.conf", ENTRY);
    List<BlsEntry> entries =
        BlsEntries.load(Bls.volume(fs), List.of("/loader/entries"), Limits.defaults());
    assertThat(entries.get(0).source().file()).isEqualTo("(hd0)/loader/entries/m-1-1.conf");
  }

  @Test
  void directoriesAreNamedWithOrWithoutSlashesAlike() throws Exception {
    Volume v = Bls.volume(MemFs.builder().file(DIR + "/m-1-1.conf", ENTRY));
    for (String dir :
        List.of("/loader/entries", "/loader/entries/", "/loader/entries//", "loader/entries")) {
      List<BlsEntry> entries = BlsEntries.load(v, List.of(dir), Limits.defaults());
      assertThat(ids(entries)).as(dir).containsExactly("m-1-1");
    }
    assertThat(
            BlsEntries.load(v, List.of("/loader/entries/"), Limits.defaults())
                .get(0)
                .source()
                .file())
        .isEqualTo("(hd0)/loader/entries/m-1-1.conf");
  }

  @Test
  void theSourceNamesThePartitionsGrubDevice() throws Exception {
    byte[] boot = MemFs.builder().file(DIR + "/m-1-1.conf", ENTRY).build();
    byte[] disk = TestDisk.builder().partition(1, boot).build();
    Volume v = TestImages.open(disk).volume(1).orElseThrow();
    assertThat(BlsEntries.load(v, Bls.DEFAULT_DIRS, Limits.defaults()).get(0).source())
        .isEqualTo(new SourceLocation("(hd0,msdos1)/loader/entries/m-1-1.conf", 1));
  }
}
