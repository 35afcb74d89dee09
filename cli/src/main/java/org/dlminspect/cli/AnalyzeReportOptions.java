package org.dlminspect.cli;

import picocli.CommandLine.Option;

/** What the text report of {@code analyze} shows beside the timeline of episodes. */
public final class AnalyzeReportOptions {
    @Option(names = {"-v", "--all-findings"},
            description = "List every finding (each episode's members) after the timeline.")
    boolean allFindings;
}
