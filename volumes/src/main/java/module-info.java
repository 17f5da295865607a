/**
 * The volume managers (Linux md RAID, LVM2, and the LUKS detector); they export nothing and are
 * found through {@link java.util.ServiceLoader}.
 */
module org.bootlace.volumes {
  requires org.bootlace.core;

  provides org.bootlace.spi.VolumeManagerDriver with
      org.bootlace.volume.md.MdVolumeManager,
      org.bootlace.volume.lvm.LvmVolumeManager,
      org.bootlace.volume.luks.LuksDetector;
}
