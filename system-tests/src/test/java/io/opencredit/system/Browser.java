package io.opencredit.system;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * One headless Chromium (Debian's {@code chromium} with its {@code chromedriver}), driven through Selenium: pages,
 * forms, screenshots kept under {@code target/portal-screenshots}, and an axe-core accessibility check run inside
 * the page. One browser at a time: the machine has two cores.
 */
final class Browser implements AutoCloseable {

    /** Where Debian puts the browser and its driver; CHROME_BIN and CHROMEDRIVER override. */
    static final Path CHROMIUM = Path.of(System.getenv().getOrDefault("CHROME_BIN", "/usr/bin/chromium"));
    static final Path CHROMEDRIVER = Path.of(System.getenv().getOrDefault("CHROMEDRIVER", "/usr/bin/chromedriver"));
    static final Path SCREENSHOTS = Path.of("target", "portal-screenshots");
    private static final String AXE = "META-INF/resources/webjars/axe-core/4.6.3/axe.min.js";

    final ChromeDriver driver;
    private final String base;

    /** Why there is no browser here, or empty when chromium and chromedriver are both installed. */
    static Optional<String> missing() {
        if (!Files.isExecutable(CHROMIUM)) {
            return Optional.of("no chromium at " + CHROMIUM + " (apt-get install chromium chromium-driver; .ci/run installs them)");
        }
        if (!Files.isExecutable(CHROMEDRIVER)) {
            return Optional.of("no chromedriver at " + CHROMEDRIVER + " (apt-get install chromium-driver; .ci/run installs it)");
        }
        return Optional.empty();
    }

    Browser(String base) {
        this.base = base;
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--window-size=1280,1800", "--lang=en-US", "--disable-extensions", "--no-first-run");
        options.setExperimentalOption("prefs", Map.of("intl.accept_languages", "en-US,en"));
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort().build();
        this.driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(60));
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(60));
        driver.manage().window().setSize(new Dimension(1280, 1800));
    }

    void open(String path) {
        driver.get(base + path);
    }

    String path() {
        return driver.getCurrentUrl().substring(base.length());
    }

    WebElement find(String css) {
        return driver.findElement(By.cssSelector(css));
    }

    List<WebElement> all(String css) {
        return driver.findElements(By.cssSelector(css));
    }

    String text(String css) {
        return find(css).getText();
    }

    void type(String css, String value) {
        WebElement field = find(css);
        field.clear();
        field.sendKeys(value);
    }

    /** Signs in through the local sign-in page, as a person would. */
    void signIn(String role, String email) {
        open("/sign-in");
        find("input[name=role][value=" + role + "]").click();
        type("#email", email);
        submit("#sign-in");
    }

    /** Clicks a form's button and waits until the next page has replaced this one (a click does not wait for it). */
    void submit(String buttonCss) {
        WebElement page = find("html");
        find(buttonCss).click();
        new WebDriverWait(driver, Duration.ofSeconds(60)).withMessage("the page after " + buttonCss).until(d -> replaced(page));
        new WebDriverWait(driver, Duration.ofSeconds(60)).until(d -> "complete".equals(script("return document.readyState;")));
    }

    /**
     * Whether an element's page has been replaced. Selenium's {@code stalenessOf} expects a stale-element error, but
     * Chromium sometimes answers a node of a document being replaced with "does not belong to the document" instead.
     */
    private static boolean replaced(WebElement element) {
        try {
            element.isEnabled();
            return false;
        } catch (StaleElementReferenceException e) {
            return true;
        } catch (WebDriverException e) {
            if (String.valueOf(e.getMessage()).contains("does not belong to the document")) {
                return true;
            }
            throw e;
        }
    }

    /** The session cookie's value, for fetching a download the way the browser would. */
    String sessionCookie() {
        return driver.manage().getCookieNamed("oc_session").getValue();
    }

    Object script(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(script, args);
    }

    void waitFor(String what, java.util.function.BooleanSupplier condition) {
        new WebDriverWait(driver, Duration.ofSeconds(60), Duration.ofMillis(250)).withMessage(what)
                .until(d -> condition.getAsBoolean());
    }

    /** A full-page screenshot under target/portal-screenshots, kept by CI as an artefact. */
    Path screenshot(String name) {
        try {
            Files.createDirectories(SCREENSHOTS);
            Path file = SCREENSHOTS.resolve(name + ".png");
            Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Runs axe-core (from its Maven artefact) in the current page and returns the serious and critical violations,
     * each as "rule-id: help (n nodes)".
     */
    @SuppressWarnings("unchecked")
    List<String> seriousAccessibilityViolations() {
        script(axeSource());
        Object result = ((JavascriptExecutor) driver).executeAsyncScript(
                "var done = arguments[arguments.length - 1];"
                        + "axe.run(document, {resultTypes: ['violations']}).then(function (r) {"
                        + "  done(r.violations.filter(function (v) { return v.impact === 'serious' || v.impact === 'critical'; })"
                        + "    .map(function (v) { return v.id + ': ' + v.help + ' (' + v.nodes.length + ' nodes: '"
                        + "      + v.nodes.slice(0, 3).map(function (n) { return n.target.join(' '); }).join(', ') + ')'; }));"
                        + "}).catch(function (e) { done(['axe failed: ' + e]); });");
        return new ArrayList<>((List<String>) result);
    }

    private static String axeSource() {
        try (InputStream in = Browser.class.getClassLoader().getResourceAsStream(AXE)) {
            if (in == null) {
                throw new IllegalStateException("axe-core is not on the test classpath: " + AXE);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        driver.quit();
    }
}
