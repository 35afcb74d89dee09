package org.dlminspect.dlm;

/**
 * {@code struct dlm_opt_header} + value: one TLV option of a DLM_OPTS (reference §2.9.1). No kernel defines any
 * option; {@code length} is taken as the value length and each value is padded to 8 bytes.
 *
 * @param offset where the option starts, relative to the outermost message
 * @param type   {@code t_type}
 * @param length {@code t_length} as sent
 * @param pad    {@code t_pad}
 * @param value  the value bytes present (never past {@code o_optlen}, never past the capture)
 */
public record OptTlv(int offset, int type, int length, int pad, byte[] value) {
    public static final int HEADER_SIZE = 8;
}
