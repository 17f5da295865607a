/**
 * A test harness that boots what bootlace resolved in QEMU: {@link org.bootlace.qemu.QemuBoot}
 * builds the command line (direct kernel boot, the image attached read-only) and {@link
 * org.bootlace.qemu.QemuVm} runs it and reads its serial console.
 */
package org.bootlace.qemu;
