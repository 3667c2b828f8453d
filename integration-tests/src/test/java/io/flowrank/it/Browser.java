package io.flowrank.it;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.logging.Level;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.UnexpectedAlertBehaviour;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

/**
 * The browser of the dashboard tests: Debian's headless {@code chromium} driven through its {@code
 * chromedriver}, both found on this machine (never downloaded: Selenium Manager is not asked, the
 * machines have no network for it).
 *
 * <p>Its extension {@link Installed} decides what happens where they are missing: the tests are
 * skipped with a reason on a developer's machine, but <em>fail</em> with a clear message when the
 * browser is required ({@value #REQUIRED_VARIABLE}{@code =true}, which {@code .ci/run} sets
 * whenever it has Chromium), so a CI run that tested no page never looks like a pass. {@value
 * #CHROMIUM_VARIABLE} and {@value #CHROMEDRIVER_VARIABLE} (environment variables or system
 * properties) name other binaries than the {@code chromium} and {@code chromedriver} on the {@code
 * PATH}.
 *
 * <p>An open browser ({@link #open}) is headless, has a fresh profile, leaves the network alone (no
 * background requests, updates or sync: these machines are offline) and keeps the page's console
 * messages, which {@link #consoleEntries()} gathers.
 */
final class Browser implements AutoCloseable {

  /** The environment variable (or system property) that makes the browser required. */
  static final String REQUIRED_VARIABLE = "FLOWRANK_BROWSER_REQUIRED";

  /** The environment variable (or system property) naming the Chromium binary. */
  static final String CHROMIUM_VARIABLE = "FLOWRANK_CHROMIUM";

  /** The environment variable (or system property) naming the chromedriver binary. */
  static final String CHROMEDRIVER_VARIABLE = "FLOWRANK_CHROMEDRIVER";

  private static final String INSTALL = "apt-get install chromium chromium-driver";
  private static final String WINDOW_SIZE = "1400,1000";
  private static final Duration SCRIPT_TIMEOUT = Duration.ofSeconds(10);

  /**
   * Selenium's devtools support is not on the class path (nothing here uses CDP); without this
   * every browser start warns that it has no CDP implementation for this Chromium. Kept here so
   * that java.util.logging does not drop the setting with the logger.
   */
  private static final java.util.logging.Logger CDP_VERSION_LOG =
      java.util.logging.Logger.getLogger("org.openqa.selenium.devtools.CdpVersionFinder");

  private final ChromeDriver driver;
  private final List<LogEntry> console = new ArrayList<>();

  private Browser(ChromeDriver driver) {
    this.driver = driver;
  }

  /**
   * Starts headless Chromium with a fresh profile in {@code profile} (an empty folder that the
   * caller deletes) and a 1400x1000 window.
   */
  static Browser open(Path profile) {
    CDP_VERSION_LOG.setLevel(Level.SEVERE);
    Path chromium = chromium().orElseThrow(() -> new IllegalStateException(missing().orElse("")));
    Path chromedriver =
        chromedriver().orElseThrow(() -> new IllegalStateException(missing().orElse("")));
    ChromeOptions options = new ChromeOptions();
    options.setBinary(chromium.toFile());
    options.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-quic",
        "--no-first-run",
        // Without these Chromium keeps calling home, on machines whose network is closed.
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--user-data-dir=" + profile.toAbsolutePath(),
        "--window-size=" + WINDOW_SIZE);
    LoggingPreferences logs = new LoggingPreferences();
    logs.enable(LogType.BROWSER, Level.ALL);
    options.setCapability("goog:loggingPrefs", logs);
    // An alert stays open for the test to see, rather than being dismissed by the next command.
    options.setUnhandledPromptBehaviour(UnexpectedAlertBehaviour.IGNORE);
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(chromedriver.toFile())
            .usingAnyFreePort()
            .build();
    ChromeDriver driver = new ChromeDriver(service, options);
    driver.manage().timeouts().scriptTimeout(SCRIPT_TIMEOUT);
    return new Browser(driver);
  }

  ChromeDriver driver() {
    return driver;
  }

  /** Every console message of the page so far (the driver hands each out once; kept here). */
  synchronized List<LogEntry> consoleEntries() {
    console.addAll(driver.manage().logs().get(LogType.BROWSER).getAll());
    return List.copyOf(console);
  }

  /** The console messages so far at {@code level} or above. */
  List<LogEntry> consoleEntries(Level level) {
    return consoleEntries().stream()
        .filter(entry -> entry.getLevel().intValue() >= level.intValue())
        .toList();
  }

  /** Saves a screenshot of the window as {@code file} (a PNG), creating its folder. */
  Path screenshot(Path file) throws IOException {
    Files.createDirectories(file.toAbsolutePath().getParent());
    Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
    return file;
  }

  @Override
  public void close() {
    driver.quit();
  }

  /**
   * The JUnit extension of the browser tests ({@code @ExtendWith(Browser.Installed.class)}): runs
   * them where Chromium and chromedriver are found, skips them where not, and fails them where not
   * while {@value Browser#REQUIRED_VARIABLE}{@code =true}.
   */
  static final class Installed implements ExecutionCondition, BeforeAllCallback {

    static boolean required() {
      return "true".equalsIgnoreCase(setting(REQUIRED_VARIABLE).orElse(null));
    }

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
      if (required()) {
        return ConditionEvaluationResult.enabled(
            REQUIRED_VARIABLE + "=true: the browser is required");
      }
      Optional<String> missing = missing();
      return missing.isEmpty()
          ? ConditionEvaluationResult.enabled("Chromium and chromedriver found")
          : ConditionEvaluationResult.disabled(
              missing.get()
                  + ": the browser tests are skipped ("
                  + INSTALL
                  + " to run them; set "
                  + REQUIRED_VARIABLE
                  + "=true to make this a failure)");
    }

    @Override
    public void beforeAll(ExtensionContext context) {
      Optional<String> missing = missing();
      if (required() && missing.isPresent()) {
        throw new IllegalStateException(
            REQUIRED_VARIABLE
                + "=true, but "
                + missing.get()
                + ": "
                + INSTALL
                + " (the project's CI script does), or unset "
                + REQUIRED_VARIABLE
                + " to skip the browser tests");
      }
    }
  }

  /** What is missing to run a browser, or empty when nothing is. */
  private static Optional<String> missing() {
    List<String> absent = new ArrayList<>();
    if (chromium().isEmpty()) {
      absent.add(describe(CHROMIUM_VARIABLE, "chromium"));
    }
    if (chromedriver().isEmpty()) {
      absent.add(describe(CHROMEDRIVER_VARIABLE, "chromedriver"));
    }
    return absent.isEmpty() ? Optional.empty() : Optional.of(String.join(" and ", absent));
  }

  private static String describe(String variable, String program) {
    return setting(variable)
        .map(path -> "no executable " + path + " (" + variable + ")")
        .orElse("no " + program + " on the PATH");
  }

  private static Optional<Path> chromium() {
    return executable(CHROMIUM_VARIABLE, "chromium");
  }

  private static Optional<Path> chromedriver() {
    return executable(CHROMEDRIVER_VARIABLE, "chromedriver");
  }

  /** The binary {@code variable} names when set, else {@code program} on the PATH. */
  private static Optional<Path> executable(String variable, String program) {
    Optional<String> named = setting(variable);
    if (named.isPresent()) {
      Path path = Path.of(named.get());
      return Files.isExecutable(path) ? Optional.of(path) : Optional.empty();
    }
    String searchPath = Optional.ofNullable(System.getenv("PATH")).orElse("");
    return Stream.of(searchPath.split(File.pathSeparator))
        .filter(dir -> !dir.isEmpty())
        .map(dir -> Path.of(dir, program))
        .filter(path -> Files.isRegularFile(path) && Files.isExecutable(path))
        .findFirst();
  }

  /** A system property, else the environment variable of the same name; blank is unset. */
  private static Optional<String> setting(String name) {
    return Optional.ofNullable(System.getProperty(name, System.getenv(name)))
        .filter(value -> !value.isBlank());
  }
}
