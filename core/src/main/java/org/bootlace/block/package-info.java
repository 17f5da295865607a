/**
 * Read-only random access to bytes: {@link org.bootlace.block.BlockDevice}, the view every driver
 * reads through, and {@link org.bootlace.block.BlockDevices}, which opens image files, Linux block
 * devices and byte arrays. A read outside a device is a {@link org.bootlace.CorruptImageException}
 * naming the device and the range.
 */
package org.bootlace.block;
