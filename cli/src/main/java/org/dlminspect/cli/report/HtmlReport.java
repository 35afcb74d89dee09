package org.dlminspect.cli.report;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * Writes the report as one self-contained HTML page: the style sheet and the script (resources beside this
 * class) inline, the model as JSON in a {@code <script type="application/json">} element. The page's
 * Content-Security-Policy allows nothing but that one style sheet and that one script, by their SHA-256
 * hashes: no request can leave the page (no images, fonts, frames, connections), whatever the data holds.
 * The script builds the page with DOM text nodes only, so capture bytes (resource names, addresses) always
 * show as text.
 */
public final class HtmlReport {
    private static final String CSS = resource("report.css");
    /** The script: the chart and section code, then the lock views, in one function scope. */
    private static final String JS = "(function () {\n  'use strict';\n" + resource("report.js")
            + resource("report-locks.js") + "  start();\n})();\n";
    private static final String TEMPLATE = resource("report.html");

    private HtmlReport() { }

    public static void write(Writer out, ReportModel model, String title) throws IOException {
        String page = TEMPLATE
                .replace("@CSP@", "default-src 'none'; script-src '" + hash(JS) + "'; style-src '" + hash(CSS)
                        + "'; img-src data:; base-uri 'none'; form-action 'none'")
                .replace("@TITLE@", escape(title));
        int css = page.indexOf("@CSS@");
        int data = page.indexOf("@DATA@");
        int js = page.indexOf("@JS@");
        out.write(page, 0, css);
        out.write(CSS);
        out.write(page, css + 5, data - css - 5);
        ReportJson.write(out, model);
        out.write(page, data + 6, js - data - 6);
        out.write(JS);
        out.write(page, js + 4, page.length() - js - 4);
    }

    /** Text for HTML element content or a quoted attribute. */
    static String escape(String s) {
        StringBuilder b = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> {
                    if (c < 0x20 || (c >= 0x7F && c <= 0x9F)) b.append("&#xFFFD;");
                    else b.append(c);
                }
            }
        }
        return b.toString();
    }

    private static String hash(String inline) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(inline.getBytes(StandardCharsets.UTF_8));
            return "sha256-" + Base64.getEncoder().encodeToString(d);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    private static String resource(String name) {
        try (InputStream in = HtmlReport.class.getResourceAsStream(name)) {
            if (in == null) throw new IllegalStateException("missing resource " + name);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
