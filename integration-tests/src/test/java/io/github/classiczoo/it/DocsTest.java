package io.github.classiczoo.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The docs cannot rot silently (issue 33): README.md stays a landing page — at most 250 lines, the main job's and the
 * tests' commands in its first 40 — and every relative link of README.md, the other top-level pages and docs/ (the
 * notebook included) reaches a file that exists and, when it names a heading ({@code page.md#heading}), a heading that
 * page has, by GitHub's anchor rules.
 */
class DocsTest {

    private static final Path ROOT = Processes.repoRoot();
    private static final Pattern LINK = Pattern.compile("\\[[^\\]]*\\]\\(([^)\\s]+)\\)");

    @Test
    void theReadmeIsALandingPage() throws Exception {
        List<String> lines = Files.readAllLines(ROOT.resolve("README.md"));
        assertTrue(lines.size() <= 250, "README.md has " + lines.size() + " lines; the rest belongs in docs/");
        String head = String.join("\n", lines.subList(0, Math.min(40, lines.size())));
        assertTrue(head.contains("./zoo reproduce lenet5"), "the main job's command is not in README.md's first 40 lines");
        String ci = Files.readString(ROOT.resolve(".ci/run"));
        assertTrue(head.contains("mvn -B install") && ci.contains("mvn -B install"),
                "README.md's first 40 lines and .ci/run must give the same test command (mvn -B install)");
    }

    @Test
    void everyRelativeLinkResolves() throws Exception {
        List<Path> pages = new ArrayList<>();
        try (Stream<Path> top = Files.list(ROOT)) {
            top.filter(p -> p.toString().endsWith(".md")).forEach(pages::add);
        }
        try (Stream<Path> docs = Files.walk(ROOT.resolve("docs"))) {
            docs.filter(p -> p.toString().endsWith(".md")).forEach(pages::add);
        }
        Map<Path, Set<String>> anchors = new HashMap<>();
        List<String> broken = new ArrayList<>();
        int checked = 0;
        for (Path page : pages) {
            List<String> lines = Files.readAllLines(page);
            boolean code = false;
            for (int n = 0; n < lines.size(); n++) {
                String line = lines.get(n);
                if (line.strip().startsWith("```")) {
                    code = !code;
                }
                if (code) {
                    continue;
                }
                Matcher m = LINK.matcher(line.replaceAll("`[^`]*`", ""));
                while (m.find()) {
                    String target = m.group(1);
                    if (target.matches("^[a-z]+:.*")) { // http:, https:, mailto:
                        continue;
                    }
                    checked++;
                    String file = target.contains("#") ? target.substring(0, target.indexOf('#')) : target;
                    String anchor = target.contains("#") ? target.substring(target.indexOf('#') + 1) : null;
                    Path to = file.isEmpty() ? page : page.getParent().resolve(file).normalize();
                    String where = ROOT.relativize(page) + ":" + (n + 1) + " → " + target;
                    if (!Files.exists(to)) {
                        broken.add(where + " (no such file)");
                    } else if (anchor != null && to.toString().endsWith(".md")
                            && !anchors.computeIfAbsent(to, DocsTest::headings).contains(anchor)) {
                        broken.add(where + " (no such heading in " + ROOT.relativize(to) + ")");
                    }
                }
            }
        }
        assertTrue(checked > 50, "links checked: " + checked);
        assertEquals(List.of(), broken, "broken links");
    }

    /** The anchors GitHub gives a page's headings: lower case, punctuation dropped, spaces to hyphens, repeats numbered. */
    static Set<String> headings(Path page) {
        Set<String> out = new HashSet<>();
        Map<String, Integer> seen = new HashMap<>();
        try {
            boolean code = false;
            for (String line : Files.readAllLines(page)) {
                if (line.strip().startsWith("```")) {
                    code = !code;
                }
                if (code || !line.startsWith("#")) {
                    continue;
                }
                String text = line.replaceFirst("^#+\\s*", "").strip();
                String slug = text.toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N} _-]", "").replace(' ', '-');
                int k = seen.merge(slug, 1, Integer::sum) - 1;
                out.add(k == 0 ? slug : slug + "-" + k);
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return out;
    }
}
