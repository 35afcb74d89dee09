package org.dlminspect.analysis;

import java.util.ArrayList;
import java.util.List;
import org.dlminspect.memory.Account;

/** An unordered node pair (two addresses): its connections and its two directions. */
final class Link {
    final Node a;
    final Node b;
    final DirectionState aToB;
    final DirectionState bToA;

    int dataConnections;
    int reconnects;
    long refusedConnects;
    int endedDataConnections;
    int streams;
    boolean parallelReported;
    final List<StreamState> aliveData = new ArrayList<>(2);

    /** Current run of refused connection attempts, summarised when it ends. */
    long refusedRun;
    long refusedFirstFrame;
    long refusedFirstNanos;
    long refusedLastFrame;
    long refusedLastNanos;
    Node refusedInitiator;
    int refusedFirstStream;
    int refusedPort;

    Link(Node a, Node b, AnalyzerOptions options, Account memory) {
        this.a = a;
        this.b = b;
        this.aToB = new DirectionState(a, b, this, options, memory);
        this.bToA = new DirectionState(b, a, this, options, memory);
        aToB.reverse = bToA;
        bToA.reverse = aToB;
    }

    DirectionState from(Node sender) {
        return sender == a ? aToB : bToA;
    }
}
