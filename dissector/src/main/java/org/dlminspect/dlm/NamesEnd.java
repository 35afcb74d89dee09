package org.dlminspect.dlm;

/** The terminator of a NAMES_REPLY name list (reference §2.8.5): a big-endian be16 length of 0 or 0xFFFF. */
public enum NamesEnd {
    /** 0x0000: end of this chunk; the requester asks again with the last name. */
    END_OF_CHUNK(0x0000, "end_of_chunk"),
    /** 0xFFFF: end of the whole list for the replying node. */
    END_OF_LIST(0xFFFF, "end_of_list");

    private final int wireValue;
    private final String label;

    NamesEnd(int wireValue, String label) {
        this.wireValue = wireValue;
        this.label = label;
    }

    public int wireValue() {
        return wireValue;
    }

    /** "end_of_chunk" / "end_of_list", as in the JSON {@code names_end} key. */
    public String label() {
        return label;
    }
}
