package org.wlcy.classroom.filter;

import java.util.Arrays;

/**
 * A small Aho–Corasick automaton (1975) over UTF-16 code units: finds every occurrence of every
 * word of a list in one pass over the text. The work per text character is constant on average
 * whatever the number of words (goto edges are one open-addressing hash table keyed by
 * {@code (node, char)}; failure links are followed at most as often as edges were taken), plus one
 * step per word that ends at that character (at most the length of the longest word).
 *
 * <p>Each word carries an {@code int} payload (the filter's rule). Immutable once built;
 * thread-safe.
 */
public final class AhoCorasick {
    private static final long EMPTY = -1L;
    /** Per node: failure link, nearest node on the failure chain that ends a word (or -1), word length, payload. */
    private final int[] fail;
    private final int[] dictLink;
    private final int[] wordLength;
    private final int[] payload;
    private final long[] edgeKeys;
    private final int[] edgeTargets;
    private final int mask;
    private final int words;

    /** Receives matches in order of their end position. */
    @FunctionalInterface
    public interface MatchSink {
        /**
         * A word of {@code length} code units ends just before {@code end}. Return {@code false} to
         * stop the scan.
         */
        boolean match(int end, int length, int payload);
    }

    private AhoCorasick(Builder b) {
        int nodes = b.nodes;
        this.words = b.words;
        this.wordLength = Arrays.copyOf(b.wordLength, nodes);
        this.payload = Arrays.copyOf(b.payload, nodes);
        this.edgeKeys = b.keys.clone();
        this.edgeTargets = b.targets.clone();
        this.mask = b.keys.length - 1;
        this.fail = new int[nodes];
        this.dictLink = new int[nodes];
        // Breadth-first over the trie: a node's failure link is the longest proper suffix of its
        // path that is also a path of the trie.
        int[] queue = new int[nodes];
        int head = 0;
        int tail = 0;
        dictLink[0] = -1;
        for (int c = b.firstChild[0]; c != -1; c = b.nextSibling[c]) {
            fail[c] = 0;
            dictLink[c] = -1;
            queue[tail++] = c;
        }
        while (head < tail) {
            int node = queue[head++];
            for (int child = b.firstChild[node]; child != -1; child = b.nextSibling[child]) {
                char ch = b.label[child];
                int f = fail[node];
                int target;
                while ((target = edge(f, ch)) == -1 && f != 0) {
                    f = fail[f];
                }
                fail[child] = target == -1 ? 0 : target;
                int fc = fail[child];
                dictLink[child] = wordLength[fc] > 0 ? fc : dictLink[fc];
                queue[tail++] = child;
            }
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** How many distinct words the automaton holds. */
    public int size() {
        return words;
    }

    /** Scans {@code text}, reporting every occurrence of every word; stops early if the sink says so. */
    public void scan(CharSequence text, MatchSink sink) {
        int state = 0;
        for (int i = 0, n = text.length(); i < n; i++) {
            char ch = text.charAt(i);
            int next;
            while ((next = edge(state, ch)) == -1 && state != 0) {
                state = fail[state];
            }
            state = next == -1 ? 0 : next;
            for (int o = wordLength[state] > 0 ? state : dictLink[state]; o != -1; o = dictLink[o]) {
                if (!sink.match(i + 1, wordLength[o], payload[o])) {
                    return;
                }
            }
        }
    }

    private int edge(int node, char ch) {
        long key = key(node, ch);
        for (int slot = slot(key, mask); ; slot = (slot + 1) & mask) {
            long k = edgeKeys[slot];
            if (k == key) {
                return edgeTargets[slot];
            }
            if (k == EMPTY) {
                return -1;
            }
        }
    }

    private static long key(int node, char ch) {
        return ((long) node << 16) | ch;
    }

    private static int slot(long key, int mask) {
        long h = key * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 29)) & mask;
    }

    /** Collects words; {@link #build()} makes the automaton. Not thread-safe. */
    public static final class Builder {
        private int nodes = 1;
        private int words;
        private int[] firstChild = {-1};
        private int[] nextSibling = {-1};
        private char[] label = {0};
        private int[] wordLength = {0};
        private int[] payload = {0};
        private long[] keys = emptyKeys(16);
        private int[] targets = new int[16];
        private int edges;

        private Builder() {
        }

        /**
         * Adds a word (already folded by the caller) with its payload. A word added twice keeps its
         * first payload; an empty word is ignored. Returns whether the word was new.
         */
        public boolean add(CharSequence word, int wordPayload) {
            if (word.length() == 0) {
                return false;
            }
            int node = 0;
            for (int i = 0; i < word.length(); i++) {
                char ch = word.charAt(i);
                int next = find(node, ch);
                if (next == -1) {
                    next = newNode(node, ch);
                }
                node = next;
            }
            if (wordLength[node] > 0) {
                return false;
            }
            wordLength[node] = word.length();
            payload[node] = wordPayload;
            words++;
            return true;
        }

        public AhoCorasick build() {
            return new AhoCorasick(this);
        }

        private int find(int node, char ch) {
            long key = key(node, ch);
            int m = keys.length - 1;
            for (int slot = slot(key, m); ; slot = (slot + 1) & m) {
                if (keys[slot] == key) {
                    return targets[slot];
                }
                if (keys[slot] == EMPTY) {
                    return -1;
                }
            }
        }

        private int newNode(int parent, char ch) {
            if (nodes == firstChild.length) {
                int cap = nodes * 2;
                firstChild = Arrays.copyOf(firstChild, cap);
                nextSibling = Arrays.copyOf(nextSibling, cap);
                label = Arrays.copyOf(label, cap);
                wordLength = Arrays.copyOf(wordLength, cap);
                payload = Arrays.copyOf(payload, cap);
            }
            int node = nodes++;
            label[node] = ch;
            firstChild[node] = -1;
            nextSibling[node] = firstChild[parent];
            firstChild[parent] = node;
            wordLength[node] = 0;
            payload[node] = 0;
            if ((edges + 1) * 2 > keys.length) {
                rehash(keys.length * 2);
            }
            put(keys, targets, key(parent, ch), node);
            edges++;
            return node;
        }

        private void rehash(int capacity) {
            long[] newKeys = emptyKeys(capacity);
            int[] newTargets = new int[capacity];
            for (int i = 0; i < keys.length; i++) {
                if (keys[i] != EMPTY) {
                    put(newKeys, newTargets, keys[i], targets[i]);
                }
            }
            keys = newKeys;
            targets = newTargets;
        }

        private static void put(long[] keys, int[] targets, long key, int target) {
            int m = keys.length - 1;
            int slot = slot(key, m);
            while (keys[slot] != EMPTY) {
                slot = (slot + 1) & m;
            }
            keys[slot] = key;
            targets[slot] = target;
        }

        private static long[] emptyKeys(int capacity) {
            long[] k = new long[capacity];
            Arrays.fill(k, EMPTY);
            return k;
        }
    }
}
