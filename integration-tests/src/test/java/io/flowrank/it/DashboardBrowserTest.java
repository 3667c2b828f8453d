package io.flowrank.it;

import static io.flowrank.it.ApiCalls.REQUEST;
import static io.flowrank.it.ApiCalls.WAIT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.flowrank.core.api.ApiException;
import io.flowrank.core.api.DeviceRankAnswer;
import io.flowrank.core.api.Progress;
import io.flowrank.core.api.TopAnswer;
import io.flowrank.core.api.ServerEvent;
import io.flowrank.core.batch.BatchCount;
import io.flowrank.core.batch.BatchCounter;
import io.flowrank.core.batch.BatchWindows;
import io.flowrank.core.input.InputFiles;
import io.flowrank.core.input.Limits;
import io.flowrank.core.rules.FlowRules;
import io.flowrank.core.rules.WebPorts;
import io.flowrank.core.time.ServerRule;
import io.flowrank.core.time.Windowing;
import io.flowrank.core.evidence.Evidence;
import io.flowrank.core.evidence.Measure;
import io.flowrank.core.ranking.RankedEvidence;
import io.flowrank.core.command.ExitCode;
import io.flowrank.core.ranking.DeviceCount;
import io.flowrank.core.ranking.TopN;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.NumberFormat;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.AfterTestExecutionCallback;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.logging.LogEntry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live dashboard ({@code GET /}) in a real browser, headless Chromium: the page is opened
 * before a paced replay and never reloaded, and must by itself end up showing the batch top-20
 * exactly (names, counts, order), the caught-up badge, the rejected records by reason as {@code
 * /api/progress} gives them, and a hostile device name as text; its search box must find that
 * device with the API's count and rank. Then the streams app (a {@code flowrank stream} process) is
 * killed outright: the page must say so with its banner, and recover by itself when the app is
 * restarted on the same port, state folder and application id.
 *
 * <p>Screenshots of each stage go to {@code integration-tests/target/dashboard/} on every run; a
 * failure adds {@code failure.png} and logs the app's output and the page's console.
 */
@ExtendWith(Browser.Installed.class)
@Timeout(value = 4, unit = TimeUnit.MINUTES)
final class DashboardBrowserTest {

  private static final Logger LOG = LoggerFactory.getLogger(DashboardBrowserTest.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final NumberFormat NUMBERS = NumberFormat.getIntegerInstance(Locale.US);

  /** A device name that is HTML: the page must show it, never parse it. */
  private static final String HOSTILE_DEVICE = "<img src=x onerror=alert(1)>";

  /** A device no flow goes to. */
  private static final String MISSING_DEVICE = "NoSuchDevice";

  /**
   * Web flows to {@link #HOSTILE_DEVICE}: rank 14 among the devices of {@link TestData#TEN_FILES}.
   */
  private static final int HOSTILE_FLOWS = 40;

  private static final int PARTITIONS = 4;
  private static final int TOP = 20;

  /**
   * Windows of ten seconds: the generated files span about 17 s of data, the hostile file is at
   * 172900, so the page has three windows to choose from.
   */
  private static final Windowing WINDOWS = new Windowing(10, 300, 172_800);

  /** Slow enough for the page to show the bars filling up (about six seconds for 11 files). */
  private static final double FILES_PER_SECOND = 2;

  /** The screenshots of the last run (under target/: {@code mvn clean} removes them). */
  private static final Path SHOTS = RepoRoot.path().resolve("integration-tests/target/dashboard");

  private static final Duration POLL = Duration.ofMillis(250);
  private static final int TAIL_LINES = 60;

  /** Kept when the test fails, with the output of every process. */
  @TempDir(cleanup = CleanupMode.ON_SUCCESS)
  Path tmp;

  private TestResources resources;
  private Browser browser;
  private final List<FlowrankProcess> streams = new ArrayList<>();

  /** Runs before {@code @AfterEach}: the browser and the processes are still there to show. */
  @RegisterExtension
  final AfterTestExecutionCallback showStateOnFailure =
      context -> context.getExecutionException().ifPresent(failure -> showState());

  @BeforeEach
  void prepare() throws Exception {
    FlowrankProcess.jar();
    resources = new TestResources("dashboard", TestKafka::embedded);
    assertThat(resources.createTopics(PARTITIONS)).as("partitions of flows").isEqualTo(PARTITIONS);
  }

  @AfterEach
  void closeEverything() throws Exception {
    // The browser and the processes are registered with resources: closed before the broker.
    resources.close();
  }

  @Test
  void thePageFillsUpToTheBatchTopTwentyAndRecoversFromAKilledStreamsApp() throws Exception {
    Path input = TestData.generate(tmp.resolve("input"), TestData.TEN_FILES);
    writeHostileFile(input.resolve("time_11.json"));
    BatchCount batch =
        new BatchCounter(new FlowRules(WebPorts.DEFAULT))
            .count(
                InputFiles.at(input, Limits.DEFAULT_MAX_RECORD_BYTES),
                WINDOWS,
                ServerRule.DEFAULT);
    List<DeviceCount> expected = TopN.of(batch.counts(), TOP);
    assertThat(expected)
        .as("the batch top-%d holds the hostile device (test data)", TOP)
        .extracting(DeviceCount::dstdevice)
        .contains(HOSTILE_DEVICE);
    assertThat(batch.rejected()).as("rejected reasons (test data)").hasSizeGreaterThan(1);

    Path shots = Files.createDirectories(SHOTS);
    try (var old = Files.newDirectoryStream(shots, "*.png")) {
      for (Path shot : old) {
        Files.delete(shot);
      }
    }
    int port = FlowrankProcess.freePort();
    String applicationId = resources.newApplicationId();
    Path state = Files.createDirectories(tmp.resolve("state"));
    FlowrankProcess stream = startStream(port, state, applicationId);
    String url = "http://127.0.0.1:" + port;
    awaitHealthy(stream, url);

    // The page, open before the replay; a reload would lose the marker.
    browser = resources.closeAfter(Browser.open(Files.createDirectories(tmp.resolve("profile"))));
    ChromeDriver page = browser.driver();
    page.get(url + "/");
    page.executeScript("window.__notReloaded = true;");
    await("the page showing RUNNING, without a banner")
        .atMost(WAIT)
        .pollInterval(POLL)
        .untilAsserted(
            () -> {
              assertThat(text(page, "state")).isEqualTo("RUNNING");
              assertThat(bannerKind(page)).isEmpty();
            });

    FlowrankProcess producer =
        resources.closeAfter(
            FlowrankProcess.produce(
                "produce",
                tmp.resolve("produce.log"),
                List.of(
                    "--bootstrap-servers",
                    resources.bootstrap(),
                    "--data",
                    input.toString(),
                    "--partitions",
                    Integer.toString(PARTITIONS),
                    "--files-per-second",
                    Double.toString(FILES_PER_SECOND))));
    await("the first bars and a committed file on the page")
        .atMost(WAIT)
        .pollInterval(POLL)
        .until(() -> !rows(page).isEmpty() && parseNumber(text(page, "files")) > 0);
    browser.screenshot(shots.resolve("mid-replay.png"));
    LOG.info(
        "mid-replay: {} bars, {} files of {} committed, caught-up badge {}",
        rows(page).size(),
        text(page, "files"),
        batch.files(),
        isShown(page, "caught-up") ? "shown" : "hidden");

    awaitTheBatchTop(page, url, expected, "the page at the batch top-" + TOP + ", caught up");
    assertThat(producer.awaitExit(WAIT))
        .as("exit code of the producer: %s", producer.tail(TAIL_LINES))
        .isEqualTo(ExitCode.OK);
    Progress progress = ApiCalls.awaitCaughtUp(ApiCalls.client(url), batch.files());
    assertThat(byName(progress.rejectedByReason()))
        .as("/api/progress's rejected by reason: the batch's")
        .isEqualTo(byName(batch.rejected()));
    await("the page's figures at the caught-up progress")
        .atMost(WAIT)
        .pollInterval(POLL)
        .untilAsserted(
            () -> {
              assertThat(rejectedRows(page))
                  .as("#rejected rows: /api/progress's rejectedByReason")
                  .isEqualTo(formatted(progress.rejectedByReason()));
              assertThat(text(page, "files")).isEqualTo(NUMBERS.format(batch.files()));
              assertThat(text(page, "records")).isEqualTo(NUMBERS.format(batch.records()));
              assertThat(text(page, "web-flows")).isEqualTo(NUMBERS.format(batch.webFlows()));
              assertThat(text(page, "rejected-total"))
                  .isEqualTo(NUMBERS.format(batch.rejectedTotal()));
              assertThat(text(page, "coverage")).isEqualTo(PARTITIONS + " / " + PARTITIONS);
              assertThat(text(page, "application-id")).isEqualTo(applicationId);
            });

    assertTheHostileNameIsText(page);
    searchTheHostileDevice(page, url, expected, batch);
    rankByEveryMeasure(page, url, batch);
    chooseEveryWindow(page, url, batch.windows().orElseThrow());
    assertThat(browser.consoleEntries(Level.SEVERE))
        .as("SEVERE console messages of the page, replay and search")
        .isEmpty();
    browser.screenshot(shots.resolve("caught-up.png"));
    searchAMissingDevice(page);

    // The streams app dies (SIGKILL): the page says so, without a reload.
    stream.kill();
    String kind =
        await("the banner after the kill")
            .atMost(WAIT)
            .pollInterval(POLL)
            .until(() -> bannerKind(page), shown -> !shown.isEmpty());
    assertThat(kind).as("#banner's data-kind").isIn("unreachable", "not-ready");
    assertThat(isShown(page, "banner")).as("#banner visible").isTrue();
    LOG.info(
        "after the kill the banner says ({}): {}; state {}, caught-up badge {}",
        kind,
        text(page, "banner"),
        text(page, "state"),
        isShown(page, "caught-up") ? "shown" : "hidden");
    // The header agrees with the banner from the moment it shows (the same redraw).
    assertThat(isShown(page, "caught-up")).as("#caught-up shown with the banner").isFalse();
    if (kind.equals("unreachable")) {
      assertThat(text(page, "state")).as("#state with an unreachable banner").isEqualTo("unreachable");
    }
    await("the page no longer saying RUNNING and caught up")
        .atMost(WAIT)
        .pollInterval(POLL)
        .untilAsserted(
            () -> {
              assertThat(text(page, "state")).as("#state").isNotEqualTo("RUNNING");
              assertThat(isShown(page, "caught-up")).as("#caught-up shown").isFalse();
              assertThat(bannerKind(page))
                  .as("#banner's data-kind")
                  .isIn("unreachable", "not-ready");
            });
    browser.screenshot(shots.resolve("restarting.png"));

    // The same instance again: same port, state folder and application id.
    stream = startStream(port, state, applicationId);
    // While the new instance waits for its tasks (the killed one still holds them until its
    // session times out) the page says the stores cannot be queried; not asserted, as a quick
    // rebalance may leave no time to see it.
    String rejoining =
        await("the page seeing the restarted app, or already recovered")
            .atMost(WAIT)
            .pollInterval(POLL)
            .until(() -> bannerKind(page), shown -> shown.isEmpty() || shown.equals("not-ready"));
    if (!rejoining.isEmpty()) {
      browser.screenshot(shots.resolve("rejoining.png"));
      LOG.info("while the app rejoins the banner says: {}", text(page, "banner"));
    }
    awaitTheBatchTop(page, url, expected, "the page back at the batch top-" + TOP);
    assertThat(page.executeScript("return window.__notReloaded === true;"))
        .as("the page was never reloaded")
        .isEqualTo(true);
    assertNoScriptErrors();
    browser.screenshot(shots.resolve("recovered.png"));
  }

  /**
   * Waits until the page, by itself, shows exactly {@code expected} as its bars, the caught-up
   * badge and no banner, and {@code /api/top} says the same.
   */
  private void awaitTheBatchTop(
      ChromeDriver page, String url, List<DeviceCount> expected, String alias) throws Exception {
    List<Row> wanted = rows(expected);
    await(alias)
        .atMost(WAIT)
        .pollInterval(POLL)
        .untilAsserted(
            () -> {
              assertThat(rows(page)).as("#top-list rows").containsExactlyElementsOf(wanted);
              assertThat(isShown(page, "caught-up")).as("#caught-up shown").isTrue();
              assertThat(bannerKind(page)).as("#banner's data-kind (hidden: empty)").isEmpty();
            });
    assertThat(ApiCalls.client(url).top(TOP, REQUEST).ranking())
        .as("/api/top?n=%d", TOP)
        .containsExactlyElementsOf(expected);
  }

  /** The hostile name is in the bars as text: no element made of it, no script run by it. */
  private static void assertTheHostileNameIsText(ChromeDriver page) {
    List<WebElement> named =
        page.findElements(By.cssSelector("#top-list > li .device")).stream()
            .filter(device -> HOSTILE_DEVICE.equals(device.getDomProperty("textContent")))
            .toList();
    assertThat(named).as(".device elements whose text is %s", HOSTILE_DEVICE).hasSize(1);
    assertThat(page.findElements(By.cssSelector("#top-list img"))).as("img in #top-list").isEmpty();
    assertThat(page.findElements(By.cssSelector("img[src='x']"))).as("img src=x").isEmpty();
    assertThatThrownBy(() -> page.switchTo().alert())
        .as("an alert open")
        .isInstanceOf(NoAlertPresentException.class);
  }

  /**
   * The search box finds the hostile device with the count and rank the API gives, and its panel
   * shows every measure of its evidence as the batch counts it.
   */
  private static void searchTheHostileDevice(
      ChromeDriver page, String url, List<DeviceCount> expected, BatchCount batch)
      throws Exception {
    DeviceRankAnswer answer = ApiCalls.client(url).deviceRank(HOSTILE_DEVICE, REQUEST);
    int position = expected.stream().map(DeviceCount::dstdevice).toList().indexOf(HOSTILE_DEVICE);
    assertThat(answer.found()).as("the API finds the device: %s", answer).isTrue();
    assertThat(answer.count()).as("the API's count").isEqualTo(expected.get(position).count());
    assertThat(answer.rank()).as("the API's rank").isEqualTo(position + 1L);
    long count = answer.count();
    long rank = answer.rank();

    WebElement input = page.findElement(By.id("search-input"));
    input.clear();
    input.sendKeys(HOSTILE_DEVICE);
    page.findElement(By.cssSelector("#search button[type=submit]")).click();
    WebElement result = page.findElement(By.id("search-result"));
    // Its children are replaced each time the page asks again: read them in one script.
    String deviceShown = "return document.querySelector('#search-result .device').textContent;";
    await("the search result for " + HOSTILE_DEVICE)
        .atMost(WAIT)
        .pollInterval(POLL)
        .untilAsserted(
            () -> {
              assertThat(result.getDomAttribute("class")).isEqualTo("found");
              assertThat(result.getDomAttribute("data-count")).isEqualTo(Long.toString(count));
              assertThat(result.getDomAttribute("data-rank")).isEqualTo(Long.toString(rank));
            });
    assertThat(page.executeScript(deviceShown))
        .as("the device named in the result")
        .isEqualTo(HOSTILE_DEVICE);
    assertThat(result.getDomProperty("textContent"))
        .as("the result's text")
        .contains("rank " + NUMBERS.format(rank) + " by web flows");
    Evidence evidence = batch.evidence().get(HOSTILE_DEVICE);
    await("the device panel of " + HOSTILE_DEVICE)
        .atMost(WAIT)
        .pollInterval(POLL)
        .untilAsserted(
            () -> {
              assertThat(isShown(page, "device-panel")).as("#device-panel shown").isTrue();
              assertThat(measure(page, "count")).isEqualTo(NUMBERS.format(evidence.count()));
              assertThat(measure(page, "answered"))
                  .startsWith(NUMBERS.format(evidence.answered()));
              assertThat(measure(page, "clients")).isEqualTo(NUMBERS.format(evidence.clients()));
              assertThat(measure(page, "ports"))
                  .isEqualTo(
                      "80: "
                          + NUMBERS.format(evidence.ports().countOf(80))
                          + ", 443: "
                          + NUMBERS.format(evidence.ports().countOf(443)));
              assertThat(measure(page, "firstSeen"))
                  .startsWith(
                      evidence.firstSeen() == Evidence.NO_TIME
                          ? "no valid time"
                          : evidence.firstSeen() + " (day ");
            });
    assertThat(page.executeScript("return document.querySelectorAll('#search-result img').length;"))
        .as("img in #search-result")
        .isEqualTo(0L);
  }

  /**
   * The "rank by" selector: for each measure the bars become the batch's ranking by it (read from
   * every device's evidence, as the verifier ranks), each bar showing the device's value of it;
   * devices with fewer than half their flows answered carry the mark. Back to count at the end.
   */
  private static void rankByEveryMeasure(ChromeDriver page, String url, BatchCount batch)
      throws Exception {
    for (Measure by : List.of(Measure.ANSWERED, Measure.CLIENTS, Measure.BYTES_OUT, Measure.COUNT)) {
      choose(page, "by", by.wireName());
      List<RankedEvidence> ranking =
          batch.evidence().entrySet().stream()
              .map(e -> new RankedEvidence(e.getKey(), e.getValue()))
              .sorted(RankedEvidence.order(by))
              .limit(TOP)
              .toList();
      List<List<String>> wanted = new ArrayList<>();
      for (int i = 0; i < ranking.size(); i++) {
        Evidence e = ranking.get(i).evidence();
        wanted.add(
            List.of(
                Integer.toString(i + 1),
                ranking.get(i).dstdevice(),
                by.total(e).toBigInteger().toString(),
                Boolean.toString(e.answered() * 2 < e.count())));
      }
      await("the bars ranked by " + by.wireName())
          .atMost(WAIT)
          .pollInterval(POLL)
          .untilAsserted(
              () ->
                  assertThat(rankedRows(page))
                      .as("#top-list by %s", by.wireName())
                      .containsExactlyElementsOf(wanted));
      assertThat(page.getCurrentUrl()).as("the address keeps the measure").contains("by=" + by.wireName());
      TopAnswer top = ApiCalls.client(url).top(TOP, REQUEST);
      assertThat(top.by()).isEqualTo("count");
    }
    assertThat(text(page, "by-label")).isEqualTo("web flows");
  }

  /**
   * The window selector: the latest window, then the first one, each ranked as the batch ranks the
   * devices of that window; the searched device's timeline has a bar per window it was seen in;
   * the events list the batch's, newest first. Back to all time at the end.
   */
  private static void chooseEveryWindow(ChromeDriver page, String url, BatchWindows windows)
      throws Exception {
    long latest = windows.byWindow().lastKey();
    long first = windows.byWindow().firstKey();
    assertThat(latest).as("several windows (test data)").isGreaterThan(first);
    await("the window selector listing every window held")
        .atMost(WAIT)
        .pollInterval(POLL)
        .untilAsserted(
            () ->
                assertThat(
                        script(
                            page,
                            "return Array.from(document.querySelectorAll('#window option'))"
                                + ".map(o => o.value);"))
                    .containsExactlyElementsOf(windowChoices(windows)));
    for (String choice : List.of("latest", Long.toString(first))) {
      long start = choice.equals("latest") ? latest : first;
      choose(page, "window", choice);
      List<DeviceCount> top = TopN.of(counts(windows.byWindow().get(start)), TOP);
      List<Row> wanted = rows(top);
      await("the bars of window " + choice)
          .atMost(WAIT)
          .pollInterval(POLL)
          .untilAsserted(
              () -> {
                assertThat(rows(page)).as("#top-list in window %s", choice).containsExactlyElementsOf(wanted);
                assertThat(page.findElement(By.id("window-label")).getDomAttribute("data-start"))
                    .isEqualTo(Long.toString(start));
              });
      assertThat(page.getCurrentUrl()).as("the address keeps the window").contains("window=" + choice);
      assertThat(ApiCalls.client(url).top(TOP, Measure.COUNT, choice, REQUEST).ranking())
          .containsExactlyElementsOf(top);
    }
    long seenIn =
        windows.byWindow().values().stream().filter(devices -> devices.containsKey(HOSTILE_DEVICE)).count();
    await("the timeline of " + HOSTILE_DEVICE)
        .atMost(WAIT)
        .pollInterval(POLL)
        .untilAsserted(
            () -> {
              assertThat(isShown(page, "timeline")).as("#timeline shown").isTrue();
              assertThat(page.findElement(By.id("timeline")).getDomAttribute("data-windows"))
                  .isEqualTo(Long.toString(seenIn));
              assertThat(
                      script(
                          page,
                          "return Array.from(document.querySelectorAll('#timeline-chart rect.count'))"
                              + ".map(r => r.dataset.start);"))
                  .hasSize((int) seenIn);
            });
    List<String> newest =
        windows.events().stream()
            .sorted(
                java.util.Comparator.comparingLong(ServerEvent::window)
                    .reversed()
                    .thenComparing(ServerEvent::dstdevice))
            .limit(50)
            .map(e -> e.dstdevice() + "@" + e.window())
            .toList();
    assertThat(newest).as("devices that became web servers (test data)").isNotEmpty();
    await("the events listed newest first")
        .atMost(WAIT)
        .pollInterval(POLL)
        .untilAsserted(
            () ->
                // The list is redrawn every 2 s: read in one script.
                assertThat(
                        script(
                            page,
                            "return Array.from(document.querySelectorAll('#events > li'))"
                                + ".map(li => li.dataset.device + '@' + li.dataset.window);"))
                    .containsExactlyElementsOf(newest));
    choose(page, "window", "");
    await("the bars of all time again")
        .atMost(WAIT)
        .pollInterval(POLL)
        .until(() -> text(page, "window-label").equals("of all time"));
  }

  /** The strings a script returns as a list. */
  private static List<String> script(ChromeDriver page, String script) {
    return ((List<?>) page.executeScript(script)).stream().map(String::valueOf).toList();
  }

  /** As a user picks an option (what Selenium's Select does): the page hears the change. */
  private static void choose(ChromeDriver page, String select, String value) {
    page.findElement(By.id(select)).click();
    page.findElement(By.cssSelector("#" + select + " option[value='" + value + "']")).click();
  }

  /** The bars a ranking makes, ranked from 1. */
  private static List<Row> rows(List<DeviceCount> ranking) {
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < ranking.size(); i++) {
      rows.add(new Row(i + 1, ranking.get(i).dstdevice(), ranking.get(i).count()));
    }
    return rows;
  }

  /** The selector's options: all time, the latest, then every window held, oldest first. */
  private static List<String> windowChoices(BatchWindows windows) {
    List<String> choices = new ArrayList<>(List.of("", "latest"));
    windows.held().keySet().forEach(start -> choices.add(Long.toString(start)));
    return choices;
  }

  private static Map<String, Long> counts(Map<String, Evidence> devices) {
    Map<String, Long> counts = new java.util.HashMap<>();
    devices.forEach((device, e) -> counts.put(device, e.count()));
    return counts;
  }

  /** The bars as rank, device, {@code data-value} and whether the mark is on, in one script. */
  private static List<List<String>> rankedRows(ChromeDriver page) {
    Object read =
        page.executeScript(
            "return Array.from(document.querySelectorAll('#top-list > li')).map(li => ["
                + " li.querySelector('.rank').textContent, li.dataset.device, li.dataset.value,"
                + " String(li.classList.contains('unanswered'))]);");
    List<List<String>> rows = new ArrayList<>();
    for (Object item : (List<?>) read) {
      rows.add(((List<?>) item).stream().map(String::valueOf).toList());
    }
    return rows;
  }

  /** The text of a measure in the device panel. */
  private static String measure(ChromeDriver page, String measure) {
    return page.findElement(By.cssSelector("#device-panel [data-measure='" + measure + "']"))
        .getDomProperty("textContent")
        .strip();
  }

  /** The search box says when a device was never seen. */
  private void searchAMissingDevice(ChromeDriver page) {
    int before = browser.consoleEntries().size();
    WebElement input = page.findElement(By.id("search-input"));
    input.clear();
    input.sendKeys(MISSING_DEVICE);
    page.findElement(By.cssSelector("#search button[type=submit]")).click();
    WebElement result = page.findElement(By.id("search-result"));
    await("the search result for " + MISSING_DEVICE)
        .atMost(WAIT)
        .pollInterval(POLL)
        .untilAsserted(
            () -> {
              assertThat(result.getDomAttribute("class")).isEqualTo("missing");
              assertThat(result.getDomAttribute("data-count")).isNull();
              assertThat(result.getDomProperty("textContent")).startsWith(MISSING_DEVICE);
            });
    List<LogEntry> console = browser.consoleEntries();
    assertThat(console.subList(before, console.size()))
        .as("console messages of the search for a device never seen (an answer, not a 404)")
        .isEmpty();
  }

  /**
   * Only network failures in the console over the whole run (the requests to the killed app), no
   * script error: a page that throws would stop updating.
   */
  private void assertNoScriptErrors() {
    List<String> scriptErrors =
        browser.consoleEntries(Level.SEVERE).stream()
            .map(LogEntry::getMessage)
            .filter(message -> !message.contains("Failed to load resource"))
            .toList();
    assertThat(scriptErrors).as("SEVERE console messages other than failed requests").isEmpty();
  }

  /**
   * A bar as the page shows it.
   *
   * @param rank the text of {@code .rank}
   * @param dstdevice the text of {@code .device}
   * @param count the text of {@code .value} (ranked by count), without its thousands separators
   */
  record Row(long rank, String dstdevice, long count) {}

  /**
   * The bars of {@code #top-list} in page order, read in one script. A bar whose {@code
   * data-device} or {@code data-count} says something else than its text, or an element made of a
   * device name, ends the test at once: waiting would not mend them.
   */
  private static List<Row> rows(ChromeDriver page) {
    Object read =
        page.executeScript(
            "return Array.from(document.querySelectorAll('#top-list > li')).map(li => ["
                + " li.querySelector('.rank').textContent, li.querySelector('.device').textContent,"
                + " li.querySelector('.value').textContent, li.dataset.device, li.dataset.count,"
                + " li.querySelector('.device').childElementCount]);");
    List<Row> rows = new ArrayList<>();
    for (Object item : (List<?>) read) {
      List<?> cells = (List<?>) item;
      Row row =
          new Row(
              Long.parseLong((String) cells.get(0)),
              (String) cells.get(1),
              parseNumber((String) cells.get(2)));
      if (!row.dstdevice().equals(cells.get(3))
          || !Long.toString(row.count()).equals(cells.get(4))
          || ((Number) cells.get(5)).longValue() != 0) {
        throw new IllegalStateException(
            "a bar of #top-list shows "
                + row
                + " but says data-device="
                + cells.get(3)
                + ", data-count="
                + cells.get(4)
                + ", with "
                + cells.get(5)
                + " elements in its .device: a name not set as text?");
      }
      rows.add(row);
    }
    return rows;
  }

  /** The rows of {@code #rejected} with a reason: reason → the count as shown. */
  private static Map<String, String> rejectedRows(ChromeDriver page) {
    // One script: the page replaces these rows on every poll.
    Object read =
        page.executeScript(
            "return Array.from(document.querySelectorAll('#rejected tbody tr[data-reason]'))"
                + ".map(tr => [tr.dataset.reason, tr.querySelector('td.count').textContent]);");
    Map<String, String> shown = new TreeMap<>();
    for (Object item : (List<?>) read) {
      List<?> cells = (List<?>) item;
      shown.put((String) cells.get(0), (String) cells.get(1));
    }
    return shown;
  }

  /** The reasons with a count above zero, their counts formatted as the page does. */
  private static Map<String, String> formatted(Map<String, Long> byReason) {
    return byReason.entrySet().stream()
        .filter(entry -> entry.getValue() > 0)
        .collect(
            Collectors.toMap(
                Map.Entry::getKey,
                entry -> NUMBERS.format(entry.getValue()),
                (a, b) -> a,
                TreeMap::new));
  }

  /** The reasons with a count above zero, by name. */
  private static Map<String, Long> byName(Map<?, Long> byReason) {
    Map<String, Long> named = new TreeMap<>();
    byReason.forEach(
        (reason, count) -> {
          if (count > 0) {
            named.put(reason.toString(), count);
          }
        });
    return named;
  }

  /** {@code #banner}'s {@code data-kind}, or empty while the banner is hidden. */
  private static String bannerKind(ChromeDriver page) {
    WebElement banner = page.findElement(By.id("banner"));
    if (banner.getDomAttribute("hidden") != null) {
      return "";
    }
    String kind = banner.getDomAttribute("data-kind");
    return kind == null ? "(none)" : kind;
  }

  private static boolean isShown(ChromeDriver page, String id) {
    WebElement element = page.findElement(By.id(id));
    return element.getDomAttribute("hidden") == null && element.isDisplayed();
  }

  private static String text(ChromeDriver page, String id) {
    return page.findElement(By.id(id)).getDomProperty("textContent").strip();
  }

  private static long parseNumber(String shown) {
    return Long.parseLong(shown.replace(",", "").strip());
  }

  /**
   * An input file of the test's own: {@value #HOSTILE_FLOWS} web flows to {@link #HOSTILE_DEVICE}
   * (to ports 80 and 443, as JSON strings like the generator's), a flow to another port, and
   * malformed lines for two reasons.
   */
  private static void writeHostileFile(Path file) throws IOException {
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < HOSTILE_FLOWS; i++) {
      lines.add(flow("Comp" + (100_000 + i), HOSTILE_DEVICE, i % 2 == 0 ? "443" : "80"));
    }
    lines.add(flow("Comp100000", HOSTILE_DEVICE, "22"));
    lines.add("<html><body>not a flow</body></html>");
    lines.add("{\"dstdevice\": \"Comp100001\", \"dstport\": \"44");
    Map<String, String> noDevice = new LinkedHashMap<>();
    noDevice.put("srcdevice", "Comp100002");
    noDevice.put("dstport", "80");
    lines.add(JSON.writeValueAsString(noDevice));
    Files.write(file, lines, StandardCharsets.UTF_8);
  }

  private static String flow(String srcdevice, String dstdevice, String dstport)
      throws IOException {
    Map<String, String> flow = new LinkedHashMap<>();
    flow.put("time", "172900");
    flow.put("duration", "0");
    flow.put("srcdevice", srcdevice);
    flow.put("dstdevice", dstdevice);
    flow.put("protocol", "6");
    flow.put("srcport", "Port12345");
    flow.put("dstport", dstport);
    return JSON.writeValueAsString(flow);
  }

  /** Waits until the app's {@code /health} answers 200: Kafka Streams is RUNNING. */
  private static void awaitHealthy(FlowrankProcess stream, String url) {
    await(stream.name() + " RUNNING (/health 200)")
        .atMost(WAIT)
        .pollInterval(POLL)
        .failFast(stream.name() + " died", () -> !stream.isAlive())
        .ignoreExceptionsMatching(ApiException::waitingMayHelp)
        .until(() -> ApiCalls.client(url).health(REQUEST).status() == 200);
  }

  private FlowrankProcess startStream(int port, Path state, String applicationId)
      throws Exception {
    String name = "stream-" + (streams.size() + 1);
    FlowrankProcess stream =
        FlowrankProcess.stream(
            name,
            tmp.resolve(name + ".log"),
            port,
            List.of(
                "--bootstrap-servers",
                resources.bootstrap(),
                "--state-dir",
                state.toString(),
                "--application-id",
                applicationId,
                "--partitions",
                Integer.toString(PARTITIONS),
                "--window",
                WINDOWS.size() + "s"));
    streams.add(stream);
    return resources.closeAfter(stream);
  }



  /** On failure: a screenshot, the page's console and the end of each app's output. */
  private void showState() {
    if (browser != null) {
      try {
        Path shot = browser.screenshot(SHOTS.resolve("failure.png"));
        LOG.error("the page at the failure: {}", shot);
        LOG.error(
            "the page's console:\n{}",
            browser.consoleEntries().stream()
                .map(LogEntry::toString)
                .collect(Collectors.joining("\n")));
      } catch (RuntimeException | IOException e) {
        LOG.error("could not show the page", e);
      }
    }
    for (FlowrankProcess stream : streams) {
      stream.logTail(LOG, TAIL_LINES);
    }
    LOG.error("the output of every process of the test is kept in {}", tmp);
  }
}
