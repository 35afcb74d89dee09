package org.dlminspect.schema;

import java.util.List;

/**
 * A set of fields registered with {@link FieldRegistry}. Implementations are listed in
 * {@code META-INF/services/org.dlminspect.schema.FieldContributor} (one class name a line): adding fields
 * from another package is one class and one line there, without this package knowing it.
 */
public interface FieldContributor {
    /** The fields, in the order {@code dlm-inspect fields} lists them (bit fields of flag words come with them). */
    List<FieldDef> fields();
}
