package org.bootlace;

import com.google.common.collect.ImmutableList;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.stream.Collectors;

/** Several files read as one, the way a bootloader loads several initrds back to back. */
final class ConcatenatedFile extends AbstractGuestFile {
  private final List<GuestFile> parts;
  private final long size;

  ConcatenatedFile(List<GuestFile> parts) {
    this.parts = ImmutableList.copyOf(parts);
    long total = 0;
    for (GuestFile f : parts) {
      total += f.size(); // each part is bounded by the ramdisk limit, so this cannot overflow
    }
    this.size = total;
  }

  @Override
  public String location() {
    return parts.stream().map(GuestFile::location).collect(Collectors.joining(" "));
  }

  @Override
  public String path() {
    return parts.stream().map(GuestFile::path).collect(Collectors.joining(" "));
  }

  @Override
  public long size() {
    return size;
  }

  @Override
  public int read(long offset, ByteBuffer dst) throws IOException {
    if (offset >= size) {
      return -1;
    }
    long start = 0;
    for (GuestFile part : parts) {
      long end = start + part.size();
      if (offset < end) {
        long left = end - offset;
        ByteBuffer view = dst.remaining() > left ? dst.slice().limit((int) left) : dst;
        int n = part.read(offset - start, view);
        if (view != dst && n > 0) {
          dst.position(dst.position() + n);
        }
        return n;
      }
      start = end;
    }
    return -1;
  }
}
