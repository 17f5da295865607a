package org.bootlace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Any positive setting is accepted and stays usable; what cannot be held is capped, not broken. */
class LimitsTest {
  @Test
  void limitsOnBytesHeldInOneArrayAreCappedAtTheLargestArray() {
    Limits l =
        Limits.builder()
            .maxConfigBytes(4L << 30)
            .maxMetadataBytes(Long.MAX_VALUE)
            .maxVariableBytes(Long.MAX_VALUE)
            .maxDirectoryEntries(Long.MAX_VALUE)
            .build();
    assertThat(l.maxConfigBytes()).isEqualTo(Integer.MAX_VALUE - 8);
    assertThat(l.maxMetadataBytes()).isEqualTo(Integer.MAX_VALUE - 8);
    assertThat(l.maxVariableBytes()).isEqualTo(Integer.MAX_VALUE - 8);
    assertThat(l.maxDirectoryEntries()).isEqualTo(Integer.MAX_VALUE - 8);
  }

  @Test
  void limitsOnStreamedBytesAndCountsKeepAnyValue() {
    Limits l =
        Limits.builder()
            .maxKernelBytes(Long.MAX_VALUE)
            .maxDecompressedKernelBytes(Long.MAX_VALUE)
            .maxRamdiskBytes(Long.MAX_VALUE)
            .maxScriptSteps(Long.MAX_VALUE)
            .maxSymlinkHops(Integer.MAX_VALUE)
            .maxPathBytes(Integer.MAX_VALUE)
            .maxTreeDepth(Integer.MAX_VALUE)
            .maxPartitions(Integer.MAX_VALUE)
            .maxIncludeDepth(Integer.MAX_VALUE)
            .maxMenuEntries(Integer.MAX_VALUE)
            .maxCallDepth(Integer.MAX_VALUE)
            .maxHttpRedirects(Integer.MAX_VALUE)
            .maxLoadedImages(Integer.MAX_VALUE)
            .maxSubvolumeMounts(Integer.MAX_VALUE)
            .build();
    assertThat(l.maxDecompressedKernelBytes()).isEqualTo(Long.MAX_VALUE);
    assertThat(l.maxKernelBytes()).isEqualTo(Long.MAX_VALUE);
    assertThat(l.maxScriptSteps()).isEqualTo(Long.MAX_VALUE);
    assertThat(l.maxMenuEntries()).isEqualTo(Integer.MAX_VALUE);
    assertThat(l.maxHttpRedirects()).isEqualTo(Integer.MAX_VALUE);
    assertThat(l.maxLoadedImages()).isEqualTo(Integer.MAX_VALUE);
    assertThat(l.maxSubvolumeMounts()).isEqualTo(Integer.MAX_VALUE);
  }

  @Test
  void aTimeoutTooLongToCountIsTheLongestThereIs() {
    assertThat(Limits.builder().timeout(Duration.ofDays(36_500)).build().timeout())
        .isEqualTo(Duration.ofDays(36_500));
    assertThat(Limits.builder().timeout(Duration.ofDays(365_000)).build().timeout())
        .isEqualTo(Limits.MAX_TIMEOUT);
    assertThat(Limits.builder().timeout(Duration.ofSeconds(Long.MAX_VALUE)).build().timeout())
        .isEqualTo(Limits.MAX_TIMEOUT);
  }

  @Test
  void zeroAndNegativeSettingsAreCallerBugs() {
    assertThatThrownBy(() -> Limits.builder().maxConfigBytes(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxConfigBytes must be positive: 0");
    assertThatThrownBy(() -> Limits.builder().timeout(Duration.ofNanos(-1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("timeout must be positive: PT-0.000000001S");
  }
}
