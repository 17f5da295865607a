/**
 * Not API: classes public only so that other bootlace modules can reach them. On the module path
 * this package is exported only to those modules; on the class path nothing stops a caller, but
 * nothing here is kept compatible from one release to the next.
 *
 * <p>{@link org.bootlace.internal.Deadline} is the per-thread time budget that bootlace's public
 * operations arm; code that only checks it sees it as an {@link org.bootlace.block.TimeBudget}.
 * {@link org.bootlace.internal.Required} holds the checks the value builders of the API and the SPI
 * share.
 */
package org.bootlace.internal;
