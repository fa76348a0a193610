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

    @Override
    public Integer call() {
        List<Map<String, Object>> items = new ArrayList<>();
        for (ZooModel m : Zoo.registry().all()) {
            if (family != null && !m.family().equalsIgnoreCase(family)) {
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
            items.add(item);
        }
        if (items.isEmpty() && family != null) {
            throw new IllegalArgumentException("no model of family '" + family + "'");
        }
        if (json) {
            System.out.println(Json.write(items));
            return 0;
        }
        List<List<String>> rows = new ArrayList<>();
        for (Map<String, Object> i : items) {
            int[] in = (int[]) i.get("input");
            rows.add(List.of((String) i.get("name"), (String) i.get("family"), i.get("year").toString(),
                    in[0] + "×" + in[1] + "×" + in[2], Text.si((Long) i.get("params")),
                    String.format(Locale.ROOT, "%s", Text.si((Long) i.get("macs"))), (String) i.get("description")));
        }
        System.out.print(Text.table(List.of("model", "family", "year", "input", "params", "MACs", "description"), rows,
                new boolean[] {false, false, false, true, true, true, false}));
        return 0;
    }
}
