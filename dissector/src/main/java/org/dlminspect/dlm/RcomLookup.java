package org.dlminspect.dlm;

/** RCOM LOOKUP payload: the resource name, raw (reference §2.8.6). */
public record RcomLookup(byte[] name) implements RcomPayload {
}
