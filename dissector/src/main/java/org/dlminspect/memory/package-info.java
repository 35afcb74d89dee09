/** The one memory budget shared by every stage that keeps state, and the cost estimates it counts in. */
package org.dlminspect.memory;
