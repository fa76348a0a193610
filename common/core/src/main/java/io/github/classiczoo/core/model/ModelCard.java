package io.github.classiczoo.core.model;

import java.util.List;

/**
 * What the registry shows about a model, as one value: name, family, paper, one-line description, default
 * input and classes, knobs and deviations from the paper. Models extend {@link CardModel} with one of these
 * and write only their graph.
 */
public record ModelCard(String name, String family, Paper paper, String description, InputShape input, int classes,
                        List<Knob> knobs, List<String> deviations) {

    public ModelCard {
        knobs = List.copyOf(knobs);
        deviations = List.copyOf(deviations);
    }

    /** A model with this card whose graph is {@code definition}. */
    public abstract static class CardModel implements ZooModel {
        private final ModelCard card;

        protected CardModel(ModelCard card) {
            this.card = card;
        }

        public ModelCard card() {
            return card;
        }

        @Override
        public String name() {
            return card.name();
        }

        @Override
        public String family() {
            return card.family();
        }

        @Override
        public Paper paper() {
            return card.paper();
        }

        @Override
        public String description() {
            return card.description();
        }

        @Override
        public InputShape defaultInput() {
            return card.input();
        }

        @Override
        public int defaultClasses() {
            return card.classes();
        }

        @Override
        public List<Knob> knobs() {
            return card.knobs();
        }

        @Override
        public List<String> deviations() {
            return card.deviations();
        }
    }
}
