package org.bootlace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.bootlace.block.BlockDevice;
import org.bootlace.block.BlockDevices;
import org.bootlace.spi.DriverContext;
import org.bootlace.spi.Partition;
import org.bootlace.spi.Probe;
import org.bootlace.spi.VolumeManagerDriver;
import org.bootlace.spi.Warnings;
import org.junit.jupiter.api.Test;

/**
 * The volume layer's rounds, claims, numbering and error handling, with drivers made for the test.
 */
class VolumeLayerTest {
  /**
   * Claims devices whose name starts with {@code mark}; makes one volume per member, device {@code
   * kind:NAME}.
   */
  private static final class Fake implements VolumeManagerDriver {
    final String name;
    final String mark;
    final int priority;
    final List<List<String>> seen = new ArrayList<>();
    IOException fail;

    Fake(String name, String mark, int priority) {
      this.name = name;
      this.mark = mark;
      this.priority = priority;
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public int priority() {
      return priority;
    }

    @Override
    public Probe probe(BlockDevice device) {
      return device.toString().startsWith(mark) ? Probe.yes("mine") : Probe.no("not mine");
    }

    @Override
    public List<Partition> assemble(List<Partition> members, DriverContext context)
        throws IOException {
      seen.add(members.stream().map(p -> p.device().toString()).toList());
      if (fail != null) {
        throw fail;
      }
      List<Partition> out = new ArrayList<>();
      for (Partition m : members) {
        BlockDevice d = BlockDevices.ofBytes(new byte[512], name + ":" + m.device());
        out.add(
            Partition.builder()
                .number(0)
                .scheme(name)
                .type("t")
                .offset(0)
                .length(512)
                .device(d)
                .deviceNames(List.of(name + "/" + m.device()))
                .build());
      }
      return out;
    }
  }

  private static Partition part(int n, String name) {
    return Partition.builder()
        .number(n)
        .scheme("msdos")
        .type("83")
        .offset(0)
        .length(512)
        .device(BlockDevices.ofBytes(new byte[512], name))
        .build();
  }

  private static DriverContext ctx(Warnings w) {
    return new DriverContext(Limits.defaults(), w);
  }

  @Test
  void volumesMadeInOneRoundAreOfferedToTheNextAndNumberedInOrder() throws IOException {
    Fake md = new Fake("md", "raid", 100);
    Fake lvm = new Fake("lvm", "md:", 200);
    List<Partition> out =
        VolumeLayer.assemble(
            List.of(part(1, "raid-a"), part(2, "plain")), List.of(md, lvm), ctx(new Warnings()));
    assertThat(out)
        .extracting(p -> p.deviceNames().get(0))
        .containsExactly("md/raid-a", "lvm/md:raid-a");
    assertThat(out).extracting(Partition::number).containsExactly(1, 2);
    assertThat(md.seen).containsExactly(List.of("raid-a"));
    assertThat(lvm.seen).containsExactly(List.of("md:raid-a"));
  }

  @Test
  void aDeviceOneDriverClaimedIsNotOfferedToTheNext() throws IOException {
    Fake first = new Fake("md", "x", 100);
    Fake second = new Fake("lvm", "x", 200);
    VolumeLayer.assemble(List.of(part(1, "x1")), List.of(first, second), ctx(new Warnings()));
    assertThat(first.seen).containsExactly(List.of("x1"));
    assertThat(second.seen).isEmpty();
  }

  @Test
  void aDriverThatFailsIsAWarningAndTheOthersGoOn() throws IOException {
    Fake bad = new Fake("lvm", "a", 100);
    bad.fail = new CorruptImageException("lvm: broken");
    Fake good = new Fake("md", "b", 200);
    Warnings w = new Warnings();
    List<Partition> out =
        VolumeLayer.assemble(List.of(part(1, "a"), part(2, "b")), List.of(bad, good), ctx(w));
    assertThat(out).extracting(p -> p.deviceNames().get(0)).containsExactly("md/b");
    assertThat(w.list()).containsExactly("lvm: volumes skipped: lvm: broken");
  }

  @Test
  void runningOutOfTimeStopsTheOperation() {
    Fake slow = new Fake("lvm", "a", 100);
    slow.fail = new LimitExceededException("timeout", 60, "operation");
    assertThatThrownBy(
            () -> VolumeLayer.assemble(List.of(part(1, "a")), List.of(slow), ctx(new Warnings())))
        .isInstanceOf(LimitExceededException.class);
  }

  @Test
  void volumesInsideVolumesStopAfterTheLastRound() throws IOException {
    Fake nest = new Fake("n", "", 100);
    List<Partition> out =
        VolumeLayer.assemble(List.of(part(1, "d")), List.of(nest), ctx(new Warnings()));
    assertThat(out).hasSize(VolumeLayer.MAX_ROUNDS);
    assertThat(out.get(VolumeLayer.MAX_ROUNDS - 1).deviceNames().get(0)).isEqualTo("n/n:n:n:d");
  }

  @Test
  void moreVolumesThanMaxPartitionsAreAWarning() throws IOException {
    Fake many = new Fake("md", "p", 100);
    Warnings w = new Warnings();
    DriverContext c = new DriverContext(Limits.builder().maxPartitions(2).build(), w);
    List<Partition> out =
        VolumeLayer.assemble(
            List.of(part(1, "p1"), part(2, "p2"), part(3, "p3")), List.of(many), c);
    assertThat(out).isEmpty();
    assertThat(w.list())
        .containsExactly(
            "md: volumes skipped: limit maxPartitions (2) exceeded: partitions and "
                + "assembled volumes (3) (raise it with Limits.builder().maxPartitions(...))");
  }

  @Test
  void anAssembledVolumeIsNamedByGrubsNameAndAPartitionByItsDisk() {
    Partition p = part(1, "p");
    Partition v =
        p.toBuilder()
            .number(3)
            .scheme("lvm")
            .type("linear")
            .deviceNames(List.of("lvm/vg-root", "lvmid/a/b"))
            .build();
    assertThat(p.assembled()).isFalse();
    assertThat(v.assembled()).isTrue();
    assertThat(v.grubName()).isEmpty();
    assertThat(v.toString()).isEqualTo("lvm/vg-root");
    assertThat(p.toString()).isEqualTo("msdos1");
  }
}
