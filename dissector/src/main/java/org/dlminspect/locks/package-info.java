/**
 * Lock-level analysis (issue #12): pairs every DLM_MSG request with its reply by the ids the kernel uses
 * (reference §2.5, §2.6), follows each lock's life (request, grant, conversions, blocking ASTs, unlock),
 * measures service times, and finds recovery episodes in the RCOM exchanges (§3.12). Consumes
 * {@link org.dlminspect.pipeline.DissectedMessage}s as a {@link org.dlminspect.pipeline.DissectionListener};
 * everything it keeps is charged to one {@link org.dlminspect.memory.Account}. The result is a
 * {@link org.dlminspect.locks.LockReport} of plain records.
 */
package org.dlminspect.locks;
