package org.bootlace.syslinux;

import org.bootlace.SourceLocation;

/** A directive's value and the line that gave it. */
record Located(String text, SourceLocation where) {}
