package org.dlminspect.pipeline;

/**
 * Typed events that pipeline stages pass to listeners beside messages and TCP events (never prose parsed back):
 * what the time-ordering stage did to the file, and where the framer lost message boundaries.
 */
public sealed interface StageEvent permits CaptureOrder, FramingLost {
}
