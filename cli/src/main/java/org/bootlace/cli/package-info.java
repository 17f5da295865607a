/**
 * The {@code bootlace} command line: {@code bootlace pygrub} and {@code bootlace pypxeboot} as
 * drop-in replacements for Xen's tools, and commands that list, resolve, inspect, extract and boot
 * what an image holds, read its files, and resolve a network boot. An application, not an API:
 * {@link org.bootlace.cli.Main} is its entry point and {@link org.bootlace.cli.CliLoggerFinder}
 * routes the library's log to standard error.
 */
package org.bootlace.cli;
