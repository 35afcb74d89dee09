package org.dlminspect.crosscheck;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * Runs tshark's dlm3 dissector on a capture and streams, per frame, every dlm3 PDU it decoded
 * with every field's name, position, size and shown value (PDML, parsed with StAX).
 */
final class TsharkPdml {
    /** One field tshark decoded. {@code pos} is relative to the start of its dlm3 PDU. */
    record Field(String name, int pos, int size, String show, String value) { }

    /** One dlm3 PDU: its size and its fields in document order (nested ones flattened). */
    record Pdu(int size, List<Field> fields, boolean malformed) { }

    /** A frame with its dlm3 PDUs and the tcp.analysis flags tshark set on it (retransmission, out_of_order, ...). */
    record Frame(long number, List<Pdu> pdus, java.util.Set<String> tcpAnalysis) {
        boolean retransmittedOrReordered() {
            return tcpAnalysis.contains("tcp.analysis.retransmission") || tcpAnalysis.contains("tcp.analysis.spurious_retransmission")
                    || tcpAnalysis.contains("tcp.analysis.fast_retransmission") || tcpAnalysis.contains("tcp.analysis.out_of_order");
        }
    }

    private TsharkPdml() { }

    static boolean available() {
        try {
            Process p = new ProcessBuilder("tshark", "--version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    static void read(Path capture, Consumer<Frame> sink) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("tshark", "-n", "-r", capture.toString(), "-d", "tcp.port==21064,dlm3",
                "-Y", "dlm3 || tcp.analysis.flags", "-T", "pdml")
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try (InputStream in = p.getInputStream()) {
            parse(in, sink);
        } catch (XMLStreamException e) {
            throw new IOException("tshark PDML did not parse: " + e.getMessage(), e);
        }
        if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0) {
            throw new IOException("tshark failed on " + capture + " (exit " + p.exitValue() + ")");
        }
    }

    private static void parse(InputStream in, Consumer<Frame> sink) throws XMLStreamException {
        XMLInputFactory f = XMLInputFactory.newFactory();
        f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        XMLStreamReader x = f.createXMLStreamReader(in);
        long frame = -1;
        List<Pdu> pdus = null;
        java.util.Set<String> analysis = null;
        List<Field> fields = null;
        int pduPos = 0;
        int pduSize = 0;
        boolean malformed = false;
        int depthInPdu = -1;
        int depth = 0;
        while (x.hasNext()) {
            int ev = x.next();
            if (ev == XMLStreamConstants.START_ELEMENT) {
                depth++;
                String tag = x.getLocalName();
                if (tag.equals("packet")) {
                    frame = -1;
                    pdus = new ArrayList<>();
                    analysis = new java.util.HashSet<>();
                } else if (tag.equals("proto") && "dlm3".equals(x.getAttributeValue(null, "name"))) {
                    fields = new ArrayList<>();
                    pduPos = Integer.parseInt(x.getAttributeValue(null, "pos"));
                    pduSize = Integer.parseInt(x.getAttributeValue(null, "size"));
                    malformed = false;
                    depthInPdu = depth;
                } else if (tag.equals("proto") && "_ws.malformed".equals(x.getAttributeValue(null, "name"))) {
                    if (pdus != null && !pdus.isEmpty()) {
                        Pdu last = pdus.remove(pdus.size() - 1);
                        pdus.add(new Pdu(last.size(), last.fields(), true));
                    }
                } else if (tag.equals("field")) {
                    String name = x.getAttributeValue(null, "name");
                    if (name != null && name.startsWith("tcp.analysis.") && analysis != null) {
                        analysis.add(name);
                    }
                    if ("frame.number".equals(name)) {
                        frame = Long.parseLong(x.getAttributeValue(null, "show"));
                    } else if (fields != null && name != null && name.startsWith("dlm3.")) {
                        String pos = x.getAttributeValue(null, "pos");
                        String size = x.getAttributeValue(null, "size");
                        fields.add(new Field(name, pos == null ? -1 : Integer.parseInt(pos) - pduPos,
                                size == null ? 0 : Integer.parseInt(size),
                                x.getAttributeValue(null, "show"), x.getAttributeValue(null, "value")));
                    }
                }
            } else if (ev == XMLStreamConstants.END_ELEMENT) {
                String tag = x.getLocalName();
                if (tag.equals("proto") && depth == depthInPdu && fields != null) {
                    pdus.add(new Pdu(pduSize, fields, malformed));
                    fields = null;
                    depthInPdu = -1;
                } else if (tag.equals("packet") && pdus != null) {
                    sink.accept(new Frame(frame, pdus, analysis));
                    pdus = null;
                }
                depth--;
            }
        }
    }
}
