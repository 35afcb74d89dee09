package org.dlminspect.cli;

import java.util.Locale;
import org.dlminspect.dlm.DlmMessageType;
import org.dlminspect.dlm.RcomType;

/** Resolves a {@code --type} name to the DLM_MSG and/or DLM_RCOM type it names. */
final class TypeNames {
    private TypeNames() { }

    /** @return {msgType, rcomType}, -1 where the name is not of that kind */
    static int[] resolve(String name) {
        String n = name.trim().toUpperCase(Locale.ROOT).replace('-', '_');
        int msg = -1;
        int rcom = -1;
        for (DlmMessageType t : DlmMessageType.values()) {
            if (t.name().equals(n)) msg = t.wireValue();
        }
        for (RcomType t : RcomType.values()) {
            if (t.name().equals(n)) rcom = t.wireValue();
        }
        if (msg < 0 && rcom < 0) {
            throw new UsageError("unknown --type " + name + " (a DLM_MSG type such as REQUEST or GRANT, or an RCOM type such as STATUS_REPLY)");
        }
        return new int[] {msg, rcom};
    }
}
