package org.bootlace.spi;

import org.bootlace.Limits;

/** What a driver may use while it opens something: the limits and a place for warnings. */
public record DriverContext(Limits limits, Warnings warnings) {}
