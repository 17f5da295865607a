/**
 * iPXE scripts: {@link org.bootlace.pxe.ipxe.IpxeScript} splits one into lines, {@link
 * org.bootlace.pxe.ipxe.IpxeEvaluator} runs it as far as iPXE decides what boots. Public for the
 * network boot package, which supplies the files; not meant to be used on its own.
 */
package org.bootlace.pxe.ipxe;
