package org.bootlace.image.qcow2;

import static org.bootlace.binary.Checks.hex;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.bootlace.CorruptImageException;
import org.bootlace.UnsupportedFeatureException;
import org.bootlace.binary.Be;

/**
 * The header extensions after the qcow2 header, in the first cluster: the backing file's format,
 * the external data file's name, the feature name table. Full-disk encryption is refused.
 */
record HeaderExtensions(
    Optional<String> backingFormat,
    Optional<String> dataFile,
    Map<Long, String> incompatibleNames) {

  static final long END = 0;
  static final long BACKING_FORMAT = 0xe2792acaL;
  static final long FEATURE_NAMES = 0x6803f857L;
  static final long ENCRYPTION = 0x0537be77L;
  static final long DATA_FILE = 0x44415441L;

  /** Parses the extensions of {@code cluster} (the first cluster) from {@code start}. */
  static HeaderExtensions parse(byte[] cluster, int start, String name)
      throws CorruptImageException, UnsupportedFeatureException {
    Optional<String> backingFormat = Optional.empty();
    Optional<String> dataFile = Optional.empty();
    Map<Long, String> names = new LinkedHashMap<>();
    int p = start;
    // Each extension advances p by at least 8 bytes, and p stays inside the cluster.
    while (cluster.length - p >= 8) {
      long type = Be.u32(cluster, p);
      long length = Be.u32(cluster, p + 4);
      if (type == END) {
        break;
      }
      if (length > cluster.length - p - 8) {
        throw new CorruptImageException(
            name
                + ": qcow2 header extension "
                + hex(type)
                + " at "
                + hex(p)
                + ": length "
                + length
                + " runs past the first cluster");
      }
      int data = p + 8;
      int len = (int) length;
      if (type == BACKING_FORMAT) {
        backingFormat = Optional.of(new String(cluster, data, len, StandardCharsets.UTF_8));
      } else if (type == DATA_FILE) {
        dataFile = Optional.of(new String(cluster, data, len, StandardCharsets.UTF_8));
      } else if (type == ENCRYPTION) {
        throw new UnsupportedFeatureException(
            "qcow2 encryption",
            name + ": qcow2 full disk encryption header: encrypted images are not supported");
      } else if (type == FEATURE_NAMES) {
        for (int e = data; e + 48 <= data + len; e += 48) {
          int kind = cluster[e] & 0xff;
          int bit = cluster[e + 1] & 0xff;
          int n = 0;
          while (n < 46 && cluster[e + 2 + n] != 0) {
            n++;
          }
          if (kind == 0 && bit < 64) {
            names.put(1L << bit, new String(cluster, e + 2, n, StandardCharsets.UTF_8));
          }
        }
      }
      long next = (long) data + ((len + 7L) & ~7L);
      if (next > cluster.length) {
        break;
      }
      p = (int) next;
    }
    return new HeaderExtensions(backingFormat, dataFile, Map.copyOf(names));
  }
}
