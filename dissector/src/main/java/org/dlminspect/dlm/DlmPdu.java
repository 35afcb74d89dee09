package org.dlminspect.dlm;

import java.util.List;

/**
 * One decoded DLM message (TEMPORARY placeholder signature: the dlm package owner makes this a
 * sealed interface over the concrete records).
 */
public interface DlmPdu {
    DlmHeader header();

    /** Reasons this message is malformed (kernel's view, reference §6); empty when well-formed. */
    List<String> errors();

    /** True when the capture holds fewer bytes than {@code h_length} (snaplen or a gap): decoded as far as the bytes go. */
    boolean truncated();

    /** Walks every decoded field in wire order. */
    void accept(FieldVisitor visitor);

    /** The packet-list Info text: message type and the fields a person looks at first. */
    String info();
}
