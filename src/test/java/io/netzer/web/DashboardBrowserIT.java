package io.netzer.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.netzer.testing.ServedNetzer;
import io.netzer.testing.TestNetwork;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The dashboard in Debian's headless Chromium, driven by Selenium with Debian's chromedriver (no browser download),
 * against the packaged application serving a live capture: the page loads without console errors, the rate, the
 * talkers and the event table follow the traffic sent, the event filter narrows the table (and reports a syntax
 * error), pause holds the table. Screenshots go to {@code target/dashboard-dark.png} and
 * {@code target/dashboard-light.png}.
 */
class DashboardBrowserIT {
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Path TARGET = Path.of(System.getProperty("netzer.home", "."), "target");

    @TempDir
    Path dir;

    @Test
    void shouldShowTheLiveCaptureAndFilterItsEvents() throws Exception {
        TestNetwork.requireRoot();
        assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "chromium and chromium-driver are not installed (.ci/run installs them)");
        try (TestNetwork network = TestNetwork.create();
                ServedNetzer netzer = ServedNetzer.start(network, dir, Map.of())) {
            WebDriver browser = chromium();
            AtomicBoolean sending = new AtomicBoolean(true);
            try {
                browser.get(netzer.baseUrl() + "/");
                WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(20));
                wait.until(d -> text(d, "h-conn").equals("connected"));
                wait.until(d -> text(d, "c-interface").startsWith(network.hostInterface()));
                assertEquals("nobody (uid 65534)", text(browser, "c-user"));
                assertEquals("ready", text(browser, "h-ready"));

                Thread traffic = Thread.ofVirtual().start(() -> sendTraffic(network, sending));
                wait.until(d -> !text(d, "k-pps").equals("0"));
                wait.until(d -> text(d, "talkers").contains(network.peerAddress()));
                wait.until(d -> rows(d).size() > 5);
                assertTrue(rows(browser).stream().anyMatch(row -> row.contains("icmp")), rows(browser).toString());
                assertTrue(rows(browser).stream().anyMatch(row -> row.contains("udp")), rows(browser).toString());

                // the filter runs in NetZer, in tcpdump's language, on the packets behind the events
                setFilter(browser, "udp port 5353");
                wait.until(d -> text(d, "filter-status").contains("matching"));
                wait.until(d -> rows(d).size() >= 3);
                for (String row : rows(browser)) {
                    assertTrue(row.contains("udp") && row.contains(":5353"), row);
                }
                setFilter(browser, "port");
                wait.until(d -> ((JavascriptExecutor) d).executeScript(
                        "return document.getElementById('filter-status').className").toString().contains("error"));
                assertTrue(text(browser, "filter-status").contains("expected a port"), text(browser, "filter-status"));

                setFilter(browser, "icmp");
                wait.until(d -> rows(d).size() >= 3 && rows(d).stream().allMatch(row -> row.contains("icmp")));
                // the pcap button downloads the packets of the filter NetZer accepted: fetched here for 3 packets
                String pcap = browser.findElement(By.id("pcap")).getAttribute("href");
                assertTrue(pcap.endsWith("/api/v1/pcap?seconds=30&filter=icmp"), pcap);
                Object download = ((JavascriptExecutor) browser).executeAsyncScript("const done = arguments[0];"
                        + "fetch(document.getElementById('pcap').href + '&count=3').then(r => r.arrayBuffer())"
                        + ".then(b => done([b.byteLength, new DataView(b).getUint32(0, true).toString(16)]))"
                        + ".catch(e => done(String(e)));");
                assertTrue(download instanceof List<?> list && list.get(1).equals("a1b23c4d")
                        && ((Number) list.get(0)).longValue() > 24 + 3 * 16, "pcap download: " + download);
                browser.findElement(By.id("pause")).click();
                int held = rows(browser).size();
                Thread.sleep(2500);
                assertEquals(held, rows(browser).size(), "the table holds while paused");
                assertTrue(text(browser, "filter-status").startsWith("paused"), text(browser, "filter-status"));
                browser.findElement(By.id("pause")).click();

                setFilter(browser, "");
                wait.until(d -> rows(d).size() > 10);
                screenshot(browser, "dashboard-dark.png", "dark");
                screenshot(browser, "dashboard-light.png", "light");
                sending.set(false);
                traffic.join();
                List<String> errors = browser.manage().logs().get(LogType.BROWSER).getAll().stream()
                        .filter(entry -> entry.getLevel().intValue() >= Level.WARNING.intValue())
                        .map(LogEntry::toString).toList();
                assertTrue(errors.isEmpty(), "console errors: " + errors);
            } catch (Exception | AssertionError e) {
                sending.set(false);
                screenshot(browser, "dashboard-failure.png", "dark");
                throw new AssertionError("status: " + text(browser, "filter-status") + ", rows: " + rows(browser), e);
            } finally {
                browser.quit();
            }
        }
    }

    private WebDriver chromium() throws Exception {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--hide-scrollbars", "--window-size=1600,1300",
                "--user-data-dir=" + Files.createDirectories(dir.resolve("chromium-profile")));
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort().build();
        return new ChromeDriver(service, options);
    }

    /** Pings (ICMP) and datagrams to port 5353 (UDP) from the test namespace while {@code sending}. */
    private static void sendTraffic(TestNetwork network, AtomicBoolean sending) {
        try {
            Process ping = network.startInNamespace("ping", "-q", "-i", "0.1", "-w", "300", network.hostAddress());
            try {
                while (sending.get()) {
                    network.inNamespace("bash", "-c", "echo netzer > /dev/udp/" + network.hostAddress() + "/5353");
                    Thread.sleep(150);
                }
            } finally {
                ping.destroy();
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void setFilter(WebDriver browser, String expression) {
        WebElement input = browser.findElement(By.id("filter"));
        input.clear();
        input.sendKeys(expression);
        browser.findElement(By.cssSelector("#filter-form button")).click();
    }

    // read through scripts: the page replaces rows every second, so element references go stale
    private static String text(WebDriver browser, String id) {
        return String.valueOf(((JavascriptExecutor) browser).executeScript(
                "return document.getElementById(arguments[0]).innerText", id)).strip();
    }

    @SuppressWarnings("unchecked")
    private static List<String> rows(WebDriver browser) {
        return (List<String>) ((JavascriptExecutor) browser).executeScript(
                "return [...document.querySelectorAll('#events tr')].map(row => row.innerText)");
    }

    private static void screenshot(WebDriver browser, String name, String theme) throws Exception {
        ((JavascriptExecutor) browser).executeScript("if (document.documentElement.dataset.theme !== arguments[0])"
                + " document.getElementById('theme').click();", theme);
        Thread.sleep(1200);
        Files.createDirectories(TARGET);
        Files.write(TARGET.resolve(name), ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
        assertFalse(Files.size(TARGET.resolve(name)) == 0);
    }
}
