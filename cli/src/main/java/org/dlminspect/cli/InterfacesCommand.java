package org.dlminspect.cli;

import java.io.IOException;
import java.io.Writer;
import java.util.List;
import java.util.concurrent.Callable;
import org.dlminspect.cli.live.CaptureInterfaces;
import picocli.CommandLine.Command;

/** {@code dlm-inspect interfaces}: the interfaces {@code live -i} can capture on, like {@code tshark -D}. */
@Command(name = "interfaces", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "List the network interfaces 'live -i' can capture on, with their addresses (a DLM node is known by its address).")
public final class InterfacesCommand implements Callable<Integer> {
    @Override
    public Integer call() throws IOException {
        List<CaptureInterfaces.Device> devices = CaptureInterfaces.list();
        Writer out = Output.stdout();
        int n = 0;
        for (CaptureInterfaces.Device d : devices) {
            out.write(++n + ". " + d.describe() + "\n");
        }
        out.flush();
        if (devices.isEmpty()) {
            System.err.println("dlm-inspect: no capture interfaces found (listing them may need root or CAP_NET_RAW and CAP_NET_ADMIN)");
            return Main.EXIT_UNUSABLE;
        }
        return Main.EXIT_OK;
    }
}
