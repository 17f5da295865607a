/**
 * Not API: the little- and big-endian field readers ({@link org.bootlace.binary.Le}, {@link
 * org.bootlace.binary.Be}), the bounds-checked {@link org.bootlace.binary.ByteCursor} and the
 * argument {@link org.bootlace.binary.Checks} that bootlace's readers of on-disk structures share.
 * They are public only so that the other bootlace modules can use them; on the module path this
 * package is exported only to those modules, and nothing here is kept compatible from one release
 * to the next.
 */
package org.bootlace.binary;
