package dev.stampede.core.report;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * The scripts and stylesheets report.html inlines, read once from the class path: uPlot 1.6.30 (MIT license,
 * from the {@code org.webjars.npm:uplot} jar) and the page's own script and stylesheet (resources beside this
 * class). Inlining them is what makes the page open from disk, offline, with no request to any host.
 * Immutable and thread-safe once loaded.
 */
final class HtmlAssets {
    static final String UPLOT_VERSION = "1.6.30";
    private static final String UPLOT_DIR = "META-INF/resources/webjars/uplot/" + UPLOT_VERSION + "/dist/";

    final String uplotJs;
    final String uplotCss;
    /** uPlot's LICENSE file (MIT), which the page carries in a comment as the license asks. */
    final String uplotLicense;
    final String pageJs;
    final String pageCss;

    private HtmlAssets() {
        uplotJs = read(UPLOT_DIR + "uPlot.iife.min.js");
        uplotCss = read(UPLOT_DIR + "uPlot.min.css");
        uplotLicense = read("META-INF/resources/webjars/uplot/" + UPLOT_VERSION + "/LICENSE").replace("--", "- -");
        pageJs = read("dev/stampede/core/report/report.js");
        pageCss = read("dev/stampede/core/report/report.css");
    }

    private static final class Holder {
        static final HtmlAssets INSTANCE = new HtmlAssets();
    }

    static HtmlAssets get() {
        return Holder.INSTANCE;
    }

    private static String read(String resource) {
        ClassLoader cl = HtmlAssets.class.getClassLoader();
        try (InputStream in = cl.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("report.html needs " + resource + " on the class path and it is not there: "
                        + "stampede-core's dependency org.webjars.npm:uplot:" + UPLOT_VERSION + " (or stampede-core's own "
                        + "resources) is missing from this build; rebuild with ./mvnw package or use the stampede launcher");
            }
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            // inlined into <script>/<style>: these sequences would end the element early
            String lower = text.toLowerCase(Locale.ROOT);
            if (lower.contains("</script") || lower.contains("</style") || lower.contains("<!--")) {
                throw new IllegalStateException(resource + " contains </script, </style or <!-- and cannot be inlined "
                        + "into report.html; use a build of it without them");
            }
            return text;
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + resource + " from the class path: " + e.getMessage(), e);
        }
    }
}
