package org.dlminspect.cli;

import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code dlm-inspect completion bash|zsh}: the shell completion script, generated from the command
 * model by picocli (commands, options, enum values, file names). The one script serves both shells:
 * under zsh it loads bashcompinit itself.
 */
@Command(name = "completion",
        description = {"Print the shell completion script for bash or zsh.",
            "Load it now with: source <(dlm-inspect completion bash)  (zsh: the same with zsh);",
            "for good: dlm-inspect completion bash > /etc/bash_completion.d/dlm-inspect."})
final class CompletionCommand implements Callable<Integer> {
    enum Shell { bash, zsh }

    @Parameters(index = "0", paramLabel = "SHELL", description = "bash or zsh.")
    Shell shell;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
    boolean help;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        String script = AutoComplete.bash("dlm-inspect", spec.root().commandLine());
        System.out.print(script);
        System.out.flush();
        return System.out.checkError() ? Main.EXIT_UNUSABLE : Main.EXIT_OK;
    }
}
