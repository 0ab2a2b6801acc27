package org.wlcy.classroom.playback.vodinteraction;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Groups a video's comments into threads: each comment without {@code replyTo} opens one, replies
 * (also replies to replies) join the thread of their root, oldest first. Deleted comments are left
 * out, and so are the replies of a deleted thread.
 */
public final class CommentThreads {
    /** One thread: the opening comment and its replies. */
    public record Thread(VideoComment comment, List<VideoComment> replies) {
    }

    private CommentThreads() {
    }

    /** Threads, newest thread first; replies oldest first. */
    public static List<Thread> of(List<VideoComment> comments, Set<String> deleted) {
        Map<String, VideoComment> byId = new LinkedHashMap<>();
        comments.forEach(c -> byId.put(c.id(), c));
        Map<String, List<VideoComment>> replies = new LinkedHashMap<>();
        List<VideoComment> roots = new ArrayList<>();
        for (VideoComment c : comments) {
            if (deleted.contains(c.id())) {
                continue;
            }
            if (c.replyTo() == null) {
                roots.add(c);
                continue;
            }
            String root = rootOf(c, byId);
            if (root != null && !deleted.contains(root)) {
                replies.computeIfAbsent(root, k -> new ArrayList<>()).add(c);
            }
        }
        List<Thread> out = new ArrayList<>();
        for (int i = roots.size() - 1; i >= 0; i--) {
            VideoComment r = roots.get(i);
            out.add(new Thread(r, List.copyOf(replies.getOrDefault(r.id(), List.of()))));
        }
        return out;
    }

    private static String rootOf(VideoComment c, Map<String, VideoComment> byId) {
        VideoComment at = c;
        for (int hops = 0; hops < 64 && at != null; hops++) {
            if (at.replyTo() == null) {
                return at.id();
            }
            at = byId.get(at.replyTo());
        }
        return null;
    }
}
