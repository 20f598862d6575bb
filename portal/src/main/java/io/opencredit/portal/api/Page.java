package io.opencredit.portal.api;

import io.opencredit.events.MoneyFormat;
import io.opencredit.portal.config.PortalConfig;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateInstance;
import jakarta.ws.rs.core.Cookie;
import jakarta.ws.rs.core.HttpHeaders;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * One request's view of the person: the session (if signed in), the language (the {@code oc_lang} cookie set by
 * the switch, else the browser's Accept-Language), the time zone (cookie {@code oc_tz}, which a line of script
 * sets from the browser, else the configured default) and the formatting that follows from them.
 */
public record Page(Optional<Session> session, Locale locale, ZoneId zone, Map<String, String> texts, Fmt fmt) {

    public static final String LANGUAGE_COOKIE = "oc_lang";
    public static final String ZONE_COOKIE = "oc_tz";

    public static Page of(HttpHeaders headers, PortalConfig config) {
        return of(headers.getCookies(), headers.getAcceptableLanguages(), config);
    }

    public static Page of(Map<String, Cookie> cookies, List<Locale> acceptableLanguages, PortalConfig config) {
        Locale locale = language(cookie(cookies, LANGUAGE_COOKIE), acceptableLanguages);
        ZoneId zone = zone(cookie(cookies, ZONE_COOKIE)).orElseGet(() -> zone(config.defaultTimeZone()).orElse(ZoneId.of("UTC")));
        Optional<Session> session = Session.of(cookie(cookies, Session.COOKIE), Instant.now());
        return new Page(session, locale, zone, Texts.of(locale), new Fmt(locale, zone));
    }

    /** The signed-in session; a page that needs one sends everyone else to the sign-in page. */
    public Session requireSession() {
        return session.orElseThrow(NotSignedIn::new);
    }

    public String lang() {
        return MoneyFormat.isNorwegian(locale) ? "nb" : "en";
    }

    /** The template with what every page shows: the texts, the formatting, the session, the language. */
    public TemplateInstance render(Template template, String path) {
        return template.data("t", texts).data("fmt", fmt).data("session", session.orElse(null))
                .data("lang", lang()).data("path", path);
    }

    static Locale language(String chosen, List<Locale> acceptable) {
        if (chosen != null) {
            return "nb".equals(chosen) ? Texts.NORWEGIAN : Texts.ENGLISH;
        }
        for (Locale locale : acceptable) {
            if (MoneyFormat.isNorwegian(locale)) {
                return Texts.NORWEGIAN;
            }
            if (locale.getLanguage().equals("en")) {
                return Texts.ENGLISH;
            }
        }
        return Texts.ENGLISH;
    }

    static Optional<ZoneId> zone(String id) {
        if (id == null || id.isBlank() || id.length() > 64) {
            return Optional.empty();
        }
        try {
            return Optional.of(ZoneId.of(id));
        } catch (DateTimeException e) {
            return Optional.empty();
        }
    }

    private static String cookie(Map<String, Cookie> cookies, String name) {
        Cookie cookie = cookies.get(name);
        return cookie == null ? null : cookie.getValue();
    }

    /** No one is signed in (or the token expired): the answer is the sign-in page. */
    public static final class NotSignedIn extends RuntimeException {
        private static final long serialVersionUID = 1L;

        NotSignedIn() {
            super("not signed in", null, false, false);
        }
    }

    /** What the person asked for does not exist for them (unknown, or someone else's): the 404 page. */
    public static final class NotFound extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public NotFound(String what) {
            super(what, null, false, false);
        }
    }
}
