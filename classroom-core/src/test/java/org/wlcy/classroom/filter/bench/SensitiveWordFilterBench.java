package org.wlcy.classroom.filter.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.wlcy.classroom.filter.FilterMode;
import org.wlcy.classroom.filter.SensitiveWordFilter;
import org.wlcy.classroom.filter.WordList;

/**
 * Benchmark (not a test): how long the sensitive-word filter takes per chat message with word
 * lists of 100 to 100,000 words, to show the time follows the text's length, not the list's size.
 * Run: {@code ./mvnw -o -q -pl classroom-core test-compile} then
 * {@code java -cp classroom-core/target/classes:classroom-core/target/test-classes
 * org.wlcy.classroom.filter.bench.SensitiveWordFilterBench}.
 */
public final class SensitiveWordFilterBench {
    private SensitiveWordFilterBench() {
    }

    public static void main(String[] args) {
        Random random = new Random(1);
        String message = han(random, 0x4E00, 20_000, 500);
        String danmaku = han(random, 0x4E00, 20_000, 40);
        System.out.printf("%-8s %-8s %14s %14s %12s%n", "words", "mode", "500-char µs", "40-char µs", "build ms");
        for (int size : new int[] {100, 1_000, 10_000, 100_000}) {
            List<String> words = new ArrayList<>();
            while (words.size() < size) {
                words.add(han(random, 0x4E00, 20_000, 2 + random.nextInt(5)));
            }
            for (FilterMode mode : FilterMode.values()) {
                long t0 = System.nanoTime();
                SensitiveWordFilter filter = new SensitiveWordFilter(WordList.parse("bench", "bench", words), mode);
                long buildNs = System.nanoTime() - t0;
                System.out.printf("%-8d %-8s %14.2f %14.2f %12.1f%n", size, mode.name().toLowerCase(),
                        perCallMicros(filter, message), perCallMicros(filter, danmaku), buildNs / 1e6);
            }
        }
    }

    private static double perCallMicros(SensitiveWordFilter filter, String text) {
        int sink = 0;
        for (int i = 0; i < 20_000; i++) { // warm-up
            sink += filter.apply(text).text().length();
        }
        int n = 100_000;
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            sink += filter.apply(text).text().length();
        }
        long ns = System.nanoTime() - t0;
        if (sink == 42) {
            System.out.print("");
        }
        return ns / 1e3 / n;
    }

    private static String han(Random random, int base, int range, int length) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < length; i++) {
            sb.append((char) (base + random.nextInt(range)));
        }
        return sb.toString();
    }
}
