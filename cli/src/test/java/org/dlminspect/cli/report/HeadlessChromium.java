package org.dlminspect.cli.report;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A headless Chromium driven over the DevTools protocol (a WebSocket, java.net.http): opens a page, records
 * every console message, exception and network request, evaluates expressions and takes screenshots. A fresh
 * profile directory per instance; no background networking. Waits are bounded (the browser either answers or
 * the test fails with a clear message), they are not timings under test.
 */
public final class HeadlessChromium implements AutoCloseable {
    public static final Path BINARY = Path.of("/usr/bin/chromium");
    private static final long WAIT_SECONDS = 60;

    private final Process process;
    private final Path profile;
    private final WebSocket socket;
    private final AtomicInteger ids = new AtomicInteger();
    private final Map<Integer, CompletableFuture<Map<String, Object>>> pending = new ConcurrentHashMap<>();
    private final List<Map<String, Object>> events = new CopyOnWriteArrayList<>();
    private final List<CompletableFuture<Void>> loads = new CopyOnWriteArrayList<>();
    private String session;

    /** Whether the browser is installed; tests skip without it unless DLM_INSPECT_REQUIRE_CHROMIUM is set. */
    public static boolean available() {
        return Files.isExecutable(BINARY);
    }

    public static boolean required() {
        String v = System.getenv("DLM_INSPECT_REQUIRE_CHROMIUM");
        return v != null && !v.isBlank() && !v.equals("0");
    }

    public HeadlessChromium() throws IOException, InterruptedException {
        profile = Files.createTempDirectory("dlm-inspect-chromium");
        process = new ProcessBuilder(BINARY.toString(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-extensions", "--disable-default-apps", "--mute-audio", "--hide-scrollbars",
                "--user-data-dir=" + profile, "--remote-debugging-port=0", "about:blank")
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        String url = devToolsUrl();
        socket = HttpClient.newHttpClient().newWebSocketBuilder().connectTimeout(Duration.ofSeconds(WAIT_SECONDS))
                .buildAsync(URI.create(url), new Listener()).join();
        Map<String, Object> target = call(null, "Target.createTarget", "{\"url\":\"about:blank\"}");
        String targetId = (String) target.get("targetId");
        session = (String) call(null, "Target.attachToTarget", "{\"targetId\":\"" + targetId + "\",\"flatten\":true}")
                .get("sessionId");
        for (String domain : new String[] {"Runtime", "Log", "Network", "Page"}) call(session, domain + ".enable", "{}");
    }

    private String devToolsUrl() throws IOException {
        BufferedReader err = new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8));
        String line;
        while ((line = err.readLine()) != null) {
            int at = line.indexOf("ws://");
            if (line.startsWith("DevTools listening on") && at >= 0) {
                Thread drain = new Thread(() -> {
                    try {
                        while (err.readLine() != null) { /* keep the pipe from filling */ }
                    } catch (IOException ignored) {
                        // the browser exited
                    }
                });
                drain.setDaemon(true);
                drain.start();
                return line.substring(at).trim();
            }
        }
        throw new IOException("chromium exited before it opened the DevTools port");
    }

    /** Loads {@code file} and waits for its load event. */
    public void open(Path file) {
        CompletableFuture<Void> loaded = new CompletableFuture<>();
        loads.add(loaded);
        call(session, "Page.navigate", "{\"url\":" + quote(file.toUri().toString()) + "}");
        loaded.orTimeout(WAIT_SECONDS, TimeUnit.SECONDS).join();
    }

    /** Evaluates {@code expression} in the page; the result by value (a JSON-like tree). */
    public Object eval(String expression) {
        Map<String, Object> r = call(session, "Runtime.evaluate", "{\"expression\":" + quote(expression)
                + ",\"returnByValue\":true,\"awaitPromise\":true}");
        if (r.containsKey("exceptionDetails")) throw new AssertionError("page threw: " + r.get("exceptionDetails"));
        return JsonTree.object(r.get("result")).get("value");
    }

    /** Sets the window's size in CSS pixels (layout is measured at this size). */
    public void viewport(int width, int height) {
        call(session, "Emulation.setDeviceMetricsOverride", "{\"width\":" + width + ",\"height\":" + height
                + ",\"deviceScaleFactor\":1,\"mobile\":false}");
    }

    /** A full-page PNG of {@code width} CSS pixels. */
    public void screenshot(Path png, int width) throws IOException {
        long height = ((Number) eval("document.documentElement.scrollHeight")).longValue();
        height = Math.min(height, 16000);
        call(session, "Emulation.setDeviceMetricsOverride", "{\"width\":" + width + ",\"height\":" + height
                + ",\"deviceScaleFactor\":1,\"mobile\":false}");
        Map<String, Object> r = call(session, "Page.captureScreenshot", "{\"format\":\"png\",\"captureBeyondViewport\":true}");
        Files.createDirectories(png.toAbsolutePath().getParent());
        Files.write(png, Base64.getDecoder().decode((String) r.get("data")));
    }

    /** A PNG of the element {@code selector} matches (first), at 1280 CSS pixels wide. */
    public void screenshotOf(String selector, Path png) throws IOException {
        call(session, "Emulation.setDeviceMetricsOverride", "{\"width\":1280,\"height\":900,\"deviceScaleFactor\":1,\"mobile\":false}");
        List<Object> box = JsonTree.array(eval("(() => { const r = document.querySelector(" + quote(selector)
                + ").getBoundingClientRect(); return [r.left + scrollX, r.top + scrollY, r.width, r.height]; })()"));
        String clip = String.format(java.util.Locale.ROOT, "{\"x\":%s,\"y\":%s,\"width\":%s,\"height\":%s,\"scale\":1}",
                box.get(0), box.get(1), box.get(2), box.get(3));
        Map<String, Object> r = call(session, "Page.captureScreenshot", "{\"format\":\"png\",\"captureBeyondViewport\":true,\"clip\":" + clip + "}");
        Files.createDirectories(png.toAbsolutePath().getParent());
        Files.write(png, Base64.getDecoder().decode((String) r.get("data")));
    }

    /** Console errors and warnings, uncaught exceptions and error log entries (CSP violations among them). */
    public List<String> problems() {
        List<String> out = new ArrayList<>();
        for (Map<String, Object> e : events) {
            String method = (String) e.get("method");
            Map<String, Object> p = JsonTree.object(e.get("params"));
            if ("Runtime.consoleAPICalled".equals(method) && !"log".equals(p.get("type")) && !"info".equals(p.get("type"))
                    && !"debug".equals(p.get("type"))) {
                out.add("console." + p.get("type") + ": " + p.get("args"));
            } else if ("Runtime.exceptionThrown".equals(method)) {
                out.add("exception: " + p.get("exceptionDetails"));
            } else if ("Log.entryAdded".equals(method)) {
                Map<String, Object> entry = JsonTree.object(p.get("entry"));
                if ("error".equals(entry.get("level")) || "warning".equals(entry.get("level"))) {
                    out.add("log " + entry.get("level") + " (" + entry.get("source") + "): " + entry.get("text"));
                }
            } else if ("Page.javascriptDialogOpening".equals(method)) {
                out.add("dialog: " + p.get("message"));
            }
        }
        return out;
    }

    /** URLs of every request the page made (its own file included). */
    public List<String> requests() {
        List<String> out = new ArrayList<>();
        for (Map<String, Object> e : events) {
            if ("Network.requestWillBeSent".equals(e.get("method"))) {
                out.add((String) JsonTree.object(JsonTree.object(e.get("params")).get("request")).get("url"));
            }
        }
        return Collections.unmodifiableList(out);
    }

    public void clearEvents() {
        events.clear();
    }

    private Map<String, Object> call(String sessionId, String method, String params) {
        int id = ids.incrementAndGet();
        CompletableFuture<Map<String, Object>> f = new CompletableFuture<>();
        pending.put(id, f);
        String msg = "{\"id\":" + id + ",\"method\":\"" + method + "\",\"params\":" + params
                + (sessionId == null ? "" : ",\"sessionId\":\"" + sessionId + "\"") + "}";
        socket.sendText(msg, true).join();
        Map<String, Object> reply = f.orTimeout(WAIT_SECONDS, TimeUnit.SECONDS).join();
        if (reply.containsKey("error")) throw new AssertionError(method + " failed: " + reply.get("error"));
        Object result = reply.get("result");
        return result == null ? Map.of() : JsonTree.object(result);
    }

    private void onMessage(String text) {
        Map<String, Object> m = JsonTree.object(JsonTree.parse(text));
        Object id = m.get("id");
        if (id != null) {
            CompletableFuture<Map<String, Object>> f = pending.remove(((Number) id).intValue());
            if (f != null) f.complete(m);
            return;
        }
        events.add(m);
        if ("Page.loadEventFired".equals(m.get("method"))) {
            for (CompletableFuture<Void> l : loads) l.complete(null);
            loads.clear();
        }
    }

    static String quote(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            if (c == '"' || c == '\\') b.append('\\').append(c);
            else if (c < 0x20) b.append(String.format("\\u%04x", (int) c));
            else b.append(c);
        }
        return b.append('"').toString();
    }

    private final class Listener implements WebSocket.Listener {
        private final StringBuilder buffer = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            buffer.append(data);
            if (last) {
                String text = buffer.toString();
                buffer.setLength(0);
                onMessage(text);
            }
            ws.request(1);
            return null;
        }
    }

    @Override
    public void close() throws IOException {
        try {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "").orTimeout(5, TimeUnit.SECONDS).exceptionally(t -> null).join();
        } finally {
            // Chromium's renderer, GPU and network helpers are children of the browser process and may still be
            // writing into the profile after the browser itself exits: stop and await all of them before the
            // profile is removed.
            List<ProcessHandle> helpers = process.descendants().toList();
            process.destroy();
            helpers.forEach(ProcessHandle::destroy);
            try {
                if (!process.waitFor(10, TimeUnit.SECONDS)) process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                for (ProcessHandle helper : helpers) {
                    try {
                        helper.onExit().get(5, TimeUnit.SECONDS);
                    } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                        helper.destroyForcibly();
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            deleteTree(profile);
        }
    }

    /** Removes the profile; a file that vanishes meanwhile (a helper's last write) is not an error. */
    private static void deleteTree(Path dir) throws IOException {
        for (int attempt = 0; attempt < 3 && Files.exists(dir); attempt++) {
            Files.walkFileTree(dir, new java.nio.file.SimpleFileVisitor<>() {
                @Override
                public java.nio.file.FileVisitResult visitFile(Path file, java.nio.file.attribute.BasicFileAttributes attrs)
                        throws IOException {
                    Files.deleteIfExists(file);
                    return java.nio.file.FileVisitResult.CONTINUE;
                }

                @Override
                public java.nio.file.FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                    if (e instanceof java.nio.file.NoSuchFileException) return java.nio.file.FileVisitResult.CONTINUE;
                    throw e;
                }

                @Override
                public java.nio.file.FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                    if (e != null && !(e instanceof java.nio.file.NoSuchFileException)) throw e;
                    try {
                        Files.deleteIfExists(d);
                    } catch (java.nio.file.DirectoryNotEmptyException late) {
                        // a helper wrote one more file after the walk passed: the next attempt removes it
                    }
                    return java.nio.file.FileVisitResult.CONTINUE;
                }
            });
        }
    }
}
