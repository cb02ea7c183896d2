package org.inpaintij.core;

import java.awt.Rectangle;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Grouping of rectangles that overlap, directly or through others. */
public final class Boxes {

    private Boxes() {}

    /**
     * Indices of the boxes grouped so that two boxes that intersect are in the same group; groups in order
     * of their first box, indices ascending. A sweep over x keeps this near-linear for scattered boxes.
     */
    public static List<List<Integer>> overlapGroups(List<Rectangle> boxes) {
        int n = boxes.size();
        int[] parent = new int[n];
        for (int i = 0; i < n; i++) parent[i] = i;
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) order[i] = i;
        Arrays.sort(order, Comparator.comparingInt(i -> boxes.get(i).x));
        // active boxes whose x-range may still reach the next ones
        List<Integer> active = new ArrayList<>();
        for (int oi = 0; oi < n; oi++) {
            int i = order[oi];
            Rectangle a = boxes.get(i);
            int k = 0;
            for (int ai = 0; ai < active.size(); ai++) {
                int j = active.get(ai);
                Rectangle b = boxes.get(j);
                if (b.x + b.width <= a.x) continue; // ends before a starts: drop from active
                active.set(k++, j);
                if (b.y < a.y + a.height && a.y < b.y + b.height) union(parent, i, j);
            }
            active.subList(k, active.size()).clear();
            active.add(i);
        }
        Map<Integer, List<Integer>> groups = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) groups.computeIfAbsent(find(parent, i), r -> new ArrayList<>()).add(i);
        return new ArrayList<>(groups.values());
    }

    private static int find(int[] p, int i) {
        while (p[i] != i) {
            p[i] = p[p[i]];
            i = p[i];
        }
        return i;
    }

    private static void union(int[] p, int a, int b) {
        int ra = find(p, a), rb = find(p, b);
        if (ra != rb) p[Math.max(ra, rb)] = Math.min(ra, rb);
    }
}
