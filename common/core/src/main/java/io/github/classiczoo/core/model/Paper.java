package io.github.classiczoo.core.model;

/** The publication an architecture comes from. */
public record Paper(String authors, int year, String title, String venue) {
    public String cite() {
        return authors + " (" + year + "). " + title + ". " + venue + ".";
    }
}
