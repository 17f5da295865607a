/**
 * Nothing but a name: {@code bootlace-all} is one dependency that brings bootlace's core and every
 * driver, which {@link org.bootlace.spi.Drivers#discover()} then finds.
 */
package org.bootlace.all;
