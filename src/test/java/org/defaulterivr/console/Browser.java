package org.defaulterivr.console;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's Chromium, headless, driven through Debian's chromedriver: one browser for a whole test class, a fresh
 * profile, a fake microphone (a beep) that needs no permission prompt, and downloads into a folder the test reads.
 * Without the browser the tests are skipped with a message, except under CI=true, where that is a failure.
 */
final class Browser implements AutoCloseable {
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    static final Path SCREENSHOTS = Path.of("target", "console-screenshots");

    final ChromeDriver driver;
    final Path downloads;
    final String base;
    private final Path profile;

    private Browser(ChromeDriver driver, Path downloads, Path profile, String base) {
        this.driver = driver;
        this.downloads = downloads;
        this.profile = profile;
        this.base = base;
    }

    /** The browser, or the test is skipped (failed under CI=true) when this machine has none. */
    static void assumeInstalled() {
        boolean installed = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
        String message = "Chromium and chromedriver are needed for the console's browser tests "
                + "(apt-get install chromium chromium-driver; .ci/run installs them)";
        if (!installed && "true".equals(System.getenv("CI"))) {
            Assertions.fail(message + ": missing under CI");
        }
        if (!installed) {
            System.err.println("SKIPPED: " + message);
        }
        Assumptions.assumeTrue(installed, message);
    }

    static Browser start(int httpPort) throws IOException {
        Path profile = Files.createTempDirectory("divr-chromium-profile");
        Path downloads = Files.createTempDirectory("divr-chromium-downloads");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--disable-quic", "--user-data-dir=" + profile, "--use-fake-ui-for-media-stream",
                "--use-fake-device-for-media-stream", "--autoplay-policy=no-user-gesture-required",
                "--window-size=1280,1100", "--lang=en-US");
        options.setExperimentalOption("prefs", Map.of(
                "download.default_directory", downloads.toString(),
                "download.prompt_for_download", false,
                "intl.accept_languages", "en-US,en"));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30)).scriptTimeout(Duration.ofSeconds(30));
        return new Browser(driver, downloads, profile, "http://127.0.0.1:" + httpPort);
    }

    void open(String path) {
        driver.get(base + path);
    }

    /**
     * The element, once the page shows it. When it never does, the failure says which page the browser was on and
     * keeps a picture of it: a page that is not the one expected (an error, the sign-in form) is then plain to see.
     */
    WebElement find(String css) {
        try {
            return waitFor().until(d -> d.findElement(By.cssSelector(css)));
        } catch (TimeoutException e) {
            Path picture = screenshot("missing-" + css.replaceAll("[^A-Za-z0-9-]", ""));
            throw new AssertionError("no " + css + " within 30 s on " + driver.getCurrentUrl() + " (title \""
                    + driver.getTitle() + "\"); the page is in " + picture, e);
        }
    }

    List<WebElement> all(String css) {
        return driver.findElements(By.cssSelector(css));
    }

    String text(String css) {
        return find(css).getText();
    }

    void type(String css, String text) {
        WebElement field = find(css);
        field.clear();
        field.sendKeys(text);
    }

    void click(String css) {
        find(css).click();
    }

    /**
     * Signs in on the sign-in page with the password, then the TOTP code {@code code} gives once the code is asked
     * for; returns when a signed-in page shows.
     */
    void signIn(String username, String password, Supplier<String> code) {
        open("/sign-in");
        type("#username", username);
        type("#password", password);
        click("#sign-in");
        find("#code");
        type("#code", code.get());
        click("#verify");
        find("#sign-out");
    }

    /** Sets an input's value as a script would (date-time inputs take typed keys in a locale's own order). */
    void setValue(String css, String value) {
        driver.executeScript("document.querySelector(arguments[0]).value = arguments[1];", css, value);
    }

    WebDriverWait waitFor() {
        WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(30), Duration.ofMillis(100));
        wait.ignoring(StaleElementReferenceException.class); // the page was replaced while we looked: look again
        return wait;
    }

    String title() {
        return text("main h1");
    }

    /** Keeps a picture of the page under target/console-screenshots. */
    Path screenshot(String name) {
        try {
            Files.createDirectories(SCREENSHOTS);
            Path file = SCREENSHOTS.resolve(name + ".png");
            Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
            return file;
        } catch (IOException | RuntimeException e) {
            System.err.println("no screenshot " + name + ": " + e);
            return null;
        }
    }

    /** The file the browser downloaded as {@code name}, once it is complete. */
    Path downloaded(String name) {
        Path file = downloads.resolve(name);
        waitFor().until(d -> Files.exists(file) && !Files.exists(downloads.resolve(name + ".crdownload")));
        return file;
    }

    String sessionCookie() {
        var cookie = driver.manage().getCookieNamed("divr_console");
        return cookie == null ? null : cookie.getName() + "=" + cookie.getValue();
    }

    @Override
    public void close() {
        driver.quit();
        deleteQuietly(profile);
        deleteQuietly(downloads);
    }

    private static void deleteQuietly(Path dir) {
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temporary folder left behind is harmless
        }
    }

}
