package io.github.classiczoo.app;

import io.github.classiczoo.core.model.ZooModel;
import io.github.classiczoo.core.summary.ModelSummary;
import io.github.classiczoo.core.util.Json;
import io.github.classiczoo.core.util.Text;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "list", mixinStandardHelpOptions = true,
        header = "List every model with its family, year, input, params and MACs.", usageHelpAutoWidth = true,
        description = {"Lists every model: family, paper year, default input, trainable parameters,",
            "MACs per image and a one-line description. Figures are for the default input and",
            "class count; `zoo summary --help` states the conventions.", ""})
final class ListCommand implements Callable<Integer> {

    @Option(names = "--json", description = "Print a JSON array instead of a table.")
    boolean json;

    @Option(names = "--family", paramLabel = "NAME", description = "Only models of this family (LeNet, MLP, AlexNet, GoogLeNet, ResNet).")
    String family;

    @picocli.CommandLine.Parameters(arity = "0..1", paramLabel = "PATTERN", description = "Only models whose name matches this glob, "
            + "e.g. 'resnet*' or '*-torchvision' (* any characters, ? one; quote it from the shell).")
    String pattern;

    /** Text width of the table: the terminal's ($COLUMNS) when it says, else 80. */
    static int width() {
        try {
            int c = Integer.parseInt(System.getenv().getOrDefault("COLUMNS", "").strip());
            return c >= 40 ? c : 80;
        } catch (NumberFormatException e) {
            return 80;
        }
    }

    static java.util.regex.Pattern glob(String g) {
        StringBuilder re = new StringBuilder();
        for (char ch : g.toCharArray()) {
            re.append(ch == '*' ? ".*" : ch == '?' ? "." : java.util.regex.Pattern.quote(String.valueOf(ch)));
        }
        return java.util.regex.Pattern.compile(re.toString(), java.util.regex.Pattern.CASE_INSENSITIVE);
    }

    @Override
    public Integer call() {
        List<Map<String, Object>> items = new ArrayList<>();
        java.util.regex.Pattern match = pattern == null ? null : glob(pattern);
        for (ZooModel m : Zoo.registry().all()) {
            if (family != null && !m.family().equalsIgnoreCase(family) || match != null && !match.matcher(m.name()).matches()) {
                continue;
            }
            ModelSummary s = ModelSummary.of(m);
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("name", m.name());
            item.put("family", m.family());
            item.put("year", m.paper().year());
            item.put("paper", m.paper().cite());
            item.put("input", m.defaultInput().toArray());
            item.put("classes", m.defaultClasses());
            item.put("params", s.params());
            item.put("macs", s.macs());
            item.put("description", m.description());
            item.put("knobs", m.knobs().stream().map(k -> k.describe()).toList());
            item.put("deviations", m.deviations());
            item.put("weights", io.github.classiczoo.core.model.Pretrained.of(m.name()).stream().map(io.github.classiczoo.core.model.Pretrained::name).toList());
            items.add(item);
        }
        if (items.isEmpty() && (family != null || pattern != null)) {
            List<String> what = new ArrayList<>();
            if (pattern != null) {
                what.add("matching '" + pattern + "'");
            }
            if (family != null) {
                what.add("of family '" + family + "'");
            }
            throw new IllegalArgumentException("no model " + String.join(" ", what) + "; `zoo list` shows them all");
        }
        if (json) {
            System.out.println(Json.write(items));
            return 0;
        }
        // one line of figures per model, its description wrapped beneath it, so that the table fits the terminal
        List<List<String>> rows = new ArrayList<>();
        for (Map<String, Object> i : items) {
            int[] in = (int[]) i.get("input");
            rows.add(List.of((String) i.get("name"), (String) i.get("family"), i.get("year").toString(),
                    in[0] + "×" + in[1] + "×" + in[2], Text.si((Long) i.get("params")),
                    String.format(Locale.ROOT, "%s", Text.si((Long) i.get("macs")))));
        }
        String[] lines = Text.table(List.of("model", "family", "year", "input", "params", "MACs"), rows,
                new boolean[] {false, false, false, true, true, true}).split("\n");
        StringBuilder out = new StringBuilder(lines[0]).append('\n').append(lines[1]).append('\n');
        for (int k = 0; k < items.size(); k++) {
            out.append(lines[k + 2]).append('\n');
            for (String d : Text.wrap((String) items.get(k).get("description"), width() - 4)) {
                out.append("    ").append(d).append('\n');
            }
            @SuppressWarnings("unchecked")
            List<String> weights = (List<String>) items.get(k).get("weights");
            if (!weights.isEmpty()) {
                String name = (String) items.get(k).get("name");
                for (String d : Text.wrap("weights: " + String.join(", ", weights.stream().map(w -> name + "@" + w).toList()), width() - 4)) {
                    out.append("    ").append(d).append('\n');
                }
            }
        }
        System.out.print(out);
        return 0;
    }
}
