/**
 * bootlace's API: open a guest disk image with {@link org.bootlace.BootSource}, read its boot menu
 * and resolve what it boots into a {@link org.bootlace.BootRecord} (kernel, ramdisks, command
 * line), in-process and read-only. {@link org.bootlace.BootOptions} chooses the entry and pygrub's
 * overrides; {@link org.bootlace.Limits} bounds every operation. Every image is treated as hostile:
 * bad input raises only the checked {@link org.bootlace.BootlaceException} family ({@link
 * org.bootlace.CorruptImageException}, {@link org.bootlace.UnsupportedFeatureException}, {@link
 * org.bootlace.LimitExceededException}, ...), with a message naming what was wrong and where.
 */
package org.bootlace;
