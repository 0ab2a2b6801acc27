package org.wlcy.classroom.gateway.e2e;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * One headless Chromium (Debian's, driven through Debian's chromedriver) with a fake camera and
 * microphone, for end-to-end tests. Flags from {@code notes/media-testing.md}: nothing reaches
 * out to the network, mDNS candidates are off so Janus can pair host candidates.
 */
public final class HeadlessChromium implements AutoCloseable {
    public static final Path CHROMIUM = Path.of("/usr/lib/chromium/chromium");
    public static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private final ChromeDriver driver;
    private final Path profile;

    private HeadlessChromium(ChromeDriver driver, Path profile) {
        this.driver = driver;
        this.profile = profile;
    }

    public static boolean isInstalled() {
        return Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
    }

    /** Starts a browser; {@code fakeVideo} (a .y4m or .mjpeg file) replaces the fake camera pattern. */
    public static HeadlessChromium start(Path fakeVideo) throws Exception {
        Path profile = Files.createTempDirectory("chromium-profile");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        List<String> args = new ArrayList<>(List.of(
                "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--no-first-run", "--disable-domain-reliability", "--no-pings",
                "--autoplay-policy=no-user-gesture-required",
                "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1",
                "--disable-features=MediaRouter,OptimizationHints,WebRtcHideLocalIpsWithMdns",
                "--window-size=1280,800",
                "--user-data-dir=" + profile));
        if (fakeVideo != null) {
            args.add("--use-file-for-fake-video-capture=" + fakeVideo);
        }
        options.addArguments(args);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER.toString()))
                .usingAnyFreePort()
                .build();
        return new HeadlessChromium(new ChromeDriver(service, options), profile);
    }

    public ChromeDriver driver() {
        return driver;
    }

    public void open(String url) {
        driver.get(url);
    }

    /** Runs {@code js} in every document the browser loads from now on, before the page's own scripts. */
    public void beforeEveryDocument(String js) {
        driver.executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source", js));
    }

    public Object script(String js, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(js, args);
    }

    public Object asyncScript(String js, Object... args) {
        return ((JavascriptExecutor) driver).executeAsyncScript(js, args);
    }

    public WebElement element(String css) {
        return driver.findElement(By.cssSelector(css));
    }

    public List<WebElement> elements(String css) {
        return driver.findElements(By.cssSelector(css));
    }

    /**
     * Waits until the condition holds. A wait that runs long prints what the page knows every
     * {@link #PROGRESS_EVERY} (one line), one that ends late is noted ({@code [e2e-wait]}; with the
     * whole summary once it used a third of its timeout), and one
     * that times out fails with {@code what} and the page's diagnostic snapshot
     * ({@link PageDiagnostics}: connection, lesson, banner, every peer connection's ICE and
     * connection state, candidates, frames, timeline, recent signalling, errors), the whole
     * snapshot saved under {@code target/e2e-diag/}.
     */
    public void await(String what, Duration timeout, Supplier<Boolean> condition) {
        long start = System.nanoTime();
        long[] nextReport = {start + PROGRESS_EVERY.toNanos()};
        try {
            // Lists re-render while we look: an element gone stale means "not yet", like one not found.
            new WebDriverWait(driver, timeout, Duration.ofMillis(100))
                    .ignoring(org.openqa.selenium.StaleElementReferenceException.class)
                    .until(d -> {
                        if (condition.get()) {
                            return true;
                        }
                        long now = System.nanoTime();
                        if (now >= nextReport[0]) {
                            nextReport[0] = now + PROGRESS_EVERY.toNanos();
                            System.out.println("[e2e-wait] still waiting (" + (now - start) / 1_000_000 + " ms) for: "
                                    + what + "; " + diagnostics().oneLine());
                        }
                        return false;
                    });
        } catch (org.openqa.selenium.TimeoutException e) {
            PageDiagnostics diag = diagnostics();
            Path file = diag.save(what);
            throw new AssertionError("timed out after " + timeout + " waiting for: " + what + "\n" + diag.summary()
                    + (file != null ? "\n  full snapshot: " + file.toAbsolutePath() : ""), e);
        }
        long ms = (System.nanoTime() - start) / 1_000_000;
        if (ms * 3 >= timeout.toMillis()) {
            // A third of the time allowed: the next slow machine fails here. Say what took so long.
            System.out.println("[e2e-wait] " + what + ": " + ms + " ms (slow)\n" + diagnostics().summary());
        } else if (ms >= SLOW_WAIT.toMillis()) {
            System.out.println("[e2e-wait] " + what + ": " + ms + " ms; " + diagnostics().oneLine());
        }
    }

    /** How often a long wait prints the page's state. */
    static final Duration PROGRESS_EVERY = Duration.ofSeconds(10);
    /** A wait at least this long is noted in the output. */
    static final Duration SLOW_WAIT = Duration.ofSeconds(3);

    /** What the page knows about its media now ({@code window.__diag()}, or a fallback). */
    public PageDiagnostics diagnostics() {
        try {
            return PageDiagnostics.of(String.valueOf(asyncScript(PageDiagnostics.SNAPSHOT_JS)));
        } catch (RuntimeException e) {
            return PageDiagnostics.failed(e);
        }
    }

    /**
     * Frames decoded so far on every receiving peer connection of the page, by stream kind and
     * user, from {@code getStats()} ({@code inbound-rtp}, video).
     */
    @SuppressWarnings("unchecked")
    public List<Map<String, Object>> inboundVideo() {
        Object result = asyncScript("""
                const done = arguments[arguments.length - 1];
                (async () => {
                  const out = [];
                  const pcs = (window.classroom && window.classroom.peerConnections) ? window.classroom.peerConnections() : [];
                  for (const p of pcs) {
                    if (p.direction !== 'recv') continue;
                    const stats = await p.pc.getStats();
                    let frames = 0, audioBytes = 0;
                    stats.forEach(r => {
                      if (r.type === 'inbound-rtp' && r.kind === 'video') frames += (r.framesDecoded || 0);
                      if (r.type === 'inbound-rtp' && r.kind === 'audio') audioBytes += (r.bytesReceived || 0);
                    });
                    out.push({streamId: p.streamId, kind: p.kind, userId: p.userId || null,
                              framesDecoded: frames, audioBytes: audioBytes});
                  }
                  done(out);
                })().catch(e => done([{error: String(e)}]));
                """);
        return (List<Map<String, Object>>) result;
    }

    /** Total video frames decoded on the page. */
    public long framesDecoded() {
        return inboundVideo().stream().mapToLong(m -> ((Number) m.getOrDefault("framesDecoded", 0)).longValue())
                .sum();
    }

    /** On a lecturer page: waits for the start button, starts the lesson, waits until it is live. */
    public void startLesson(Duration timeout) {
        await("start button enabled", timeout, () -> element("#btn-start").isEnabled());
        element("#btn-start").click();
        await("lesson live on the lecturer page", timeout,
                () -> "live".equals(element("#session-state").getAttribute("data-state")));
    }

    /** Saves a PNG of the page under {@code target/screenshots/} for people to look at. */
    public void screenshot(String name) {
        try {
            Path dir = Path.of("target", "screenshots");
            Files.createDirectories(dir);
            byte[] png = driver.getScreenshotAs(org.openqa.selenium.OutputType.BYTES);
            Files.write(dir.resolve(name + ".png"), png);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            try (var files = Files.walk(profile)) {
                files.sorted(java.util.Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
            } catch (Exception ignored) {
                // a temp folder; best effort
            }
        }
    }
}
