package org.bootlace.kernel;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a kernel file is and how it can boot. Inspection informs and never rejects: a file bootlace
 * does not recognize is {@link KernelFormat#UNKNOWN} with no boot modes, and the boot loader still
 * hands it over.
 *
 * @param location where the file is, as {@code (hd0,msdos1)/boot/vmlinuz}
 * @param size the file's size in bytes
 * @param format the container, after any whole-file compression is removed
 * @param architecture {@code x86_64}, {@code i386}, {@code arm64}, ... or {@code unknown}
 * @param version the kernel release ({@code 6.1.0-57-cloud-amd64}) where the file states one
 * @param versionString the whole version text ({@code 6.1.0-57-cloud-amd64 (debian-kernel@...) #1
 *     SMP ...})
 * @param compression the compression of the file itself ({@code xen.gz}) or of a bzImage's payload
 * @param bootProtocol the x86 boot protocol version of a bzImage ({@code 2.15})
 * @param features what the headers declare: the x86 xloadflags ({@code 64-bit entry}, {@code EFI
 *     handover (64-bit)}, {@code 5-level paging}), multiboot headers, ...
 * @param bootsAs every way the kernel can boot, each with the evidence found for it
 * @param notes the ELF notes of the kernel (or of a bzImage's payload), decoded
 * @param findings what could not be read or looked wrong, for people; inspection goes on past them
 */
public record KernelInfo(
    String location,
    long size,
    KernelFormat format,
    String architecture,
    Optional<String> version,
    Optional<String> versionString,
    Optional<Compression> compression,
    Optional<String> bootProtocol,
    List<String> features,
    Map<BootMode, List<String>> bootsAs,
    List<KernelNote> notes,
    List<String> findings) {

  /**
   * Copies the lists and the map into immutable ones.
   *
   * @param location where the file is, as {@code (hd0,msdos1)/boot/vmlinuz}
   * @param size the file's size in bytes
   * @param format the container, after any whole-file compression is removed
   * @param architecture {@code x86_64}, {@code i386}, {@code arm64}, ... or {@code unknown}
   * @param version the kernel release where the file states one
   * @param versionString the whole version text
   * @param compression the compression of the file itself or of a bzImage's payload
   * @param bootProtocol the x86 boot protocol version of a bzImage
   * @param features what the headers declare
   * @param bootsAs every way the kernel can boot, each with the evidence found for it
   * @param notes the ELF notes of the kernel (or of a bzImage's payload), decoded
   * @param findings what could not be read or looked wrong, for people
   */
  public KernelInfo {
    features = ImmutableList.copyOf(features);
    ImmutableMap.Builder<BootMode, List<String>> b = ImmutableMap.builder();
    bootsAs.forEach((k, v) -> b.put(k, ImmutableList.copyOf(v)));
    bootsAs = b.build();
    notes = ImmutableList.copyOf(notes);
    findings = ImmutableList.copyOf(findings);
  }

  /**
   * Tells whether the kernel can boot as {@code mode}.
   *
   * @param mode the boot mode
   * @return true if {@link #bootsAs()} has evidence for it
   */
  public boolean bootsAs(BootMode mode) {
    return bootsAs.containsKey(mode);
  }
}
