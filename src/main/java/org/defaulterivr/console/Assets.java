package org.defaulterivr.console;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** Where the pages find htmx and Chart.js: the webjars' own paths, with the versions Maven resolved. */
public final class Assets {
    public static final String HTMX = "/webjars/htmx.org/" + version("htmx.org") + "/dist/htmx.min.js";
    public static final String CHART_JS = "/webjars/chart.js/" + version("chart.js") + "/dist/chart.umd.js";

    private Assets() {
    }

    private static String version(String artifact) {
        String resource = "/META-INF/maven/org.webjars.npm/" + artifact + "/pom.properties";
        try (InputStream in = Assets.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " missing: the webjar is not on the class path");
            }
            Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty("version");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
