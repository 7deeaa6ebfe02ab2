package org.example.shelf;

import java.util.ArrayList;
import java.util.List;

/**
 * A shelf of books.
 */
public final class Shelf implements Comparable<Shelf> {
    private static final int LIMIT = 1_000;
    private final List<String> titles = new ArrayList<>();

    @Override
    public int compareTo(Shelf other) {
        return Integer.compare(titles.size(), other.titles.size());
    }

    @SuppressWarnings("unchecked")
    public void add(String title) throws IllegalStateException {
        if (titles.size() >= LIMIT) {
            throw new IllegalStateException("full: \"" + title + "\"");
        }
        titles.add(title);
    }

    public static void main(String[] args) {
        var shelf = new Shelf();
        shelf.add("Café");
        char c = 'x';
        long big = 0xFFL + 3_000L;
        double d = 2.5e-3;
        String block = """
            A text block with "quotes"
            and a second line.
            """;
        System.out.println(block + c + big + d);
    }
}
