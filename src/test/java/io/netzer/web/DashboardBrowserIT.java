package io.netzer.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.netzer.testing.Corpus;
import io.netzer.testing.ServedNetzer;
import io.netzer.testing.TestNetwork;
import io.netzer.testing.Tools;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
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
 * error), pause holds the table; the on-call panels follow corpus captures replayed into the capture, and a click on
 * a top flow filters the events. Screenshots go to {@code target/dashboard-dark.png},
 * {@code target/dashboard-light.png}, {@code target/dashboard-oncall-dark.png} and
 * {@code target/dashboard-oncall-light.png}.
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

    /**
     * The on-call panels with real traffic: corpus captures replayed into the veth pair fill the top flows (running and
     * ended, with retransmitted bytes), the DNS, HTTP and TLS series and the drops series; a click on a flow filters
     * the live events to that flow; names from the wire that hold markup show as text; a tick adds no DOM node.
     */
    @Test
    void shouldShowTheOnCallPanelsAndFilterTheEventsToAClickedFlow() throws Exception {
        TestNetwork.requireRoot();
        assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "chromium and chromium-driver are not installed (.ci/run installs them)");
        Tools.require("tcpreplay");
        Path pcaps = Corpus.pcaps();
        try (TestNetwork network = TestNetwork.create();
                ServedNetzer netzer = ServedNetzer.start(network, dir, Map.of())) {
            WebDriver browser = chromium();
            try {
                browser.get(netzer.baseUrl() + "/");
                WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(20));
                wait.until(d -> text(d, "h-conn").equals("connected"));
                wait.until(d -> text(d, "flows").startsWith("no flow yet"));

                // names from the wire with markup in them: DNS queries sent to the host, more often than any name of
                // the corpus files (9 at most), so they make the top names
                sendDnsQuery(network, "<svg/onload=pwned=1>");
                sendDnsQuery(network, "<script>pwned=2</script>");
                for (String file : List.of("pcpp-many-protocols.pcap", "pcpp-DnsPackets.pcap",
                        "arkime-wireshark-retrans.pcap", "arkime-curl-enabled-tls13.pcap")) {
                    network.inNamespace("tcpreplay", "-q", "-i", network.peerInterface(), "--pps", "2000",
                            pcaps.resolve(file).toString());
                }
                WebDriverWait slow = new WebDriverWait(browser, Duration.ofSeconds(60));
                slow.until(d -> legendTotal(d, "dns", "NXDOMAIN") >= 2);
                slow.until(d -> legendTotal(d, "http", "2xx") > 100 && legendTotal(d, "http", "4xx") > 0);
                slow.until(d -> legendTotal(d, "tls", "TLS 1.2") > 0 && legendTotal(d, "tls", "TLS 1.3") > 0);
                assertEquals(0, legendTotal(browser, "drops", "kernel drops"), "no drop on a quiet veth");
                // the largest flow of the files never closes in them (tshark -z conv,tcp: 10.0.0.1:55291, 566 frames):
                // it shows while it runs, live, with its counts so far; the largest that closes (130,240 bytes in 157
                // frames) shows as ended once its flow ends, 10 s after its FINs
                slow.until(d -> flowRows(d).size() == 10 && flowRows(d).get(0).startsWith(
                        "10.0.0.1:55291\t54.192.94.30:80\ttcp\t") && flowRows(d).get(0).contains("\t566\t"));
                assertTrue(flowRows(browser).get(0).contains("\u00b7 live"), "a flow that has not ended");
                slow.until(d -> flowRows(d).stream().anyMatch(row -> row.startsWith(
                        "10.0.0.1:55260\t212.58.244.71:80\ttcp\t127\u2009KiB\t157\t") && !row.contains("live")));
                List<String> flows = flowRows(browser);
                for (String row : flows) {
                    assertFalse(row.contains("\ttcp\t") && row.contains("—"),
                            "reassembly counts each TCP flow's retransmitted bytes: " + row);
                }
                assertTrue(flows.stream().anyMatch(row -> row.contains("\ttcp\t") && !row.endsWith("\t0\u2009B")),
                        "the corpus file's retransmissions");
                for (String panel : List.of("dns", "http", "tls", "drops")) {
                    assertEquals(1L, script(browser, "return document.querySelectorAll('#panel-" + panel
                            + " canvas').length"), panel + " chart");
                }

                // markup from the wire is text: shown as sent, never run, no element made of it
                wait.until(d -> text(d, "dns").contains("<svg/onload=pwned=1>.example"));
                assertTrue(text(browser, "dns").contains("<script>pwned=2</script>.example"));
                assertEquals(null, script(browser, "return window.pwned === undefined ? null : window.pwned"));
                assertEquals(0L, script(browser, "return document.querySelectorAll('main svg, main script').length"));

                // a tick updates the panels in place
                long nodes = domNodesOutsideEvents(browser);
                Thread.sleep(3500);
                assertEquals(nodes, domNodesOutsideEvents(browser), "DOM nodes outside the event table");

                scrollTo(browser, ".flows-card");
                screenshot(browser, "dashboard-oncall-dark.png", "dark");
                screenshot(browser, "dashboard-oncall-light.png", "light");

                // a click on a flow filters the live events to it, in tcpdump's language, run by NetZer
                String filter = "tcp and host 10.0.0.1 and port 55260 and host 212.58.244.71 and port 80";
                String clicked = "#flows tr[data-filter='" + filter + "']";
                browser.findElement(By.cssSelector(clicked)).click();
                assertEquals(filter, script(browser, "return document.getElementById('filter').value"));
                wait.until(d -> text(d, "filter-status").contains("matching “" + filter + "”"));
                // the row shows selected at the next tick (before the file again doubles the running flows above it)
                wait.until(d -> Boolean.TRUE.equals(script(d,
                        "return document.querySelector(arguments[0]).classList.contains('selected')", clicked)));
                network.inNamespace("tcpreplay", "-q", "-i", network.peerInterface(), "--pps", "2000",
                        pcaps.resolve("pcpp-many-protocols.pcap").toString());
                wait.until(d -> rows(d).size() >= 20);
                for (String row : rows(browser)) {
                    assertTrue(row.contains("10.0.0.1:55260") && row.contains("212.58.244.71:80"), row);
                }

                List<String> errors = browser.manage().logs().get(LogType.BROWSER).getAll().stream()
                        .filter(entry -> entry.getLevel().intValue() >= Level.WARNING.intValue())
                        .map(LogEntry::toString).toList();
                assertTrue(errors.isEmpty(), "console errors: " + errors);
            } catch (Exception | AssertionError e) {
                screenshot(browser, "dashboard-oncall-failure.png", "dark");
                throw new AssertionError("flows: " + flowRows(browser) + ", status: " + text(browser, "filter-status"),
                        e);
            } finally {
                browser.quit();
            }
        }
    }

    /** A DNS query for {@code label}.example, type A, sent 12 times from the test namespace to the host's port 53. */
    private static void sendDnsQuery(TestNetwork network, String label) throws Exception {
        byte[] name = label.getBytes(StandardCharsets.US_ASCII);
        ByteArrayOutputStream query = new ByteArrayOutputStream();
        query.writeBytes(new byte[] {0x4e, 0x5a, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0}); // ID, RD, QDCOUNT 1
        query.write(name.length); // the label from the test, then "example" and the root
        query.writeBytes(name);
        query.write(7);
        query.writeBytes("example".getBytes(StandardCharsets.US_ASCII));
        query.writeBytes(new byte[] {0, 0, 1, 0, 1}); // root, QTYPE A, QCLASS IN
        StringBuilder printf = new StringBuilder();
        for (byte b : query.toByteArray()) {
            printf.append(String.format("\\x%02x", b & 0xff));
        }
        network.inNamespace("bash", "-c", "for i in $(seq 12); do printf '" + printf + "' > /dev/udp/"
                + network.hostAddress() + "/53; done");
    }

    private static long legendTotal(WebDriver browser, String panel, String name) {
        Object total = script(browser, "const item = [...document.querySelectorAll('#panel-' + arguments[0]"
                + " + ' .mini-legend .item')].find(i => i.firstChild.nextSibling.textContent === arguments[1]);"
                + " return item ? item.querySelector('b').textContent.replaceAll(',', '') : '-1';", panel, name);
        return Long.parseLong(String.valueOf(total).isEmpty() ? "-1" : String.valueOf(total));
    }

    @SuppressWarnings("unchecked")
    private static List<String> flowRows(WebDriver browser) {
        return (List<String>) script(browser,
                "return [...document.querySelectorAll('#flows tr[data-filter]:not([hidden])')].map(r => r.innerText)");
    }

    private static long domNodesOutsideEvents(WebDriver browser) {
        return (Long) script(browser, "return document.querySelectorAll('body *').length"
                + " - document.querySelectorAll('#events *').length");
    }

    private static void scrollTo(WebDriver browser, String selector) {
        // below the sticky header
        script(browser, "window.scrollTo(0, document.querySelector(arguments[0]).getBoundingClientRect().top"
                + " + window.scrollY - document.querySelector('header').offsetHeight - 12)", selector);
    }

    private static Object script(WebDriver browser, String script, Object... args) {
        return ((JavascriptExecutor) browser).executeScript(script, args);
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
