/**
 * LUKS: {@link org.bootlace.volume.luks.LuksDetector}, the {@link
 * org.bootlace.spi.VolumeManagerDriver} registered for {@code ServiceLoader}, recognizes LUKS1 and
 * LUKS2 headers and reports each encrypted volume as a warning; nothing is decrypted.
 */
package org.bootlace.volume.luks;
