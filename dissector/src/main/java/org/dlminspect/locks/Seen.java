package org.dlminspect.locks;

import org.dlminspect.net.IpAddress;

/**
 * Where and when one DLM message was seen: its frame, time, the sending and receiving node (-1 when unknown) and
 * addresses, and its TCP stream.
 */
record Seen(long frame, long nanos, long from, long to, IpAddress fromAddress, IpAddress toAddress, int stream) {
}
