package org.bootlace.fs.ext;

import java.io.IOException;

/** Maps a file's logical blocks to device blocks: extents or indirect blocks. */
interface BlockMap {
  /**
   * The run of logical blocks that starts at {@code logical} and maps contiguously (or is one
   * hole); never empty.
   */
  Run find(long logical) throws IOException;

  /**
   * {@code length} logical blocks from {@code logical}, stored from device block {@code physical},
   * or a hole (reads as zeros; unwritten extents too) when {@code physical} is {@link #HOLE}.
   */
  record Run(long logical, long length, long physical) {
    static final long HOLE = -1;

    boolean hole() {
      return physical == HOLE;
    }
  }
}
