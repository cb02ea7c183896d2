package org.inpaintij.models;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.inpaintij.core.Monitor;

/**
 * What installing a model downloads, and what each file must be: its size and hash, taken from the descriptor
 * where it publishes them and otherwise from the hub's listing of the descriptor's pinned revision (the tree API,
 * see {@link HubClient}); never from the download itself, except for a file whose URL the user typed in their own
 * descriptor and that no hub lists (trust on first use, labelled so). Making the plan also compares the
 * descriptor with the listing: any disagreement stops the install before a byte is downloaded.
 */
public final class InstallPlan {

    /**
     * One file to install.
     *
     * @param path its place in the model folder
     * @param url where it comes from
     * @param size the size it must have, or null (trust on first use only)
     * @param sha256 the SHA-256 it must have, or null
     * @param gitOid the git blob id it must have (a file the hub keeps in git, whose SHA-256 the hub does not
     *     give), or null
     * @param confirmedBy what vouches for it: {@link Manifest#BY_DESCRIPTOR}, {@link Manifest#BY_HUB} or
     *     {@link Manifest#BY_FIRST_USE}
     * @param sizeFrom where the size comes from, for messages ("the descriptor", "the hub's listing")
     * @param hashFrom where the hash comes from, for messages
     * @param content the text of a file the descriptor carries itself, else null
     * @param expected the bytes it will take: its size, or the descriptor's estimate where the size is not known
     */
    public record Item(String path, URI url, Long size, String sha256, String gitOid, String confirmedBy,
            String sizeFrom, String hashFrom, String content, long expected) {

        /** The file's address on a mirror: {@code mirror/NAME/path}. */
        URI mirrored(ModelDescriptor model, URI mirror) {
            String m = mirror.toString();
            return URI.create(m.endsWith("/") ? m : m + "/").resolve(model.name() + "/" + path);
        }
    }

    /**
     * How a descriptor compares with the hub.
     *
     * @param disagreements one sentence per fact of the descriptor the hub contradicts (a file it does not list,
     *     another size or hash, a listed part it has nothing under)
     * @param unused files the hub lists that the descriptor does not install, with their sizes
     */
    public record Comparison(List<String> disagreements, List<String> unused) {}

    private final List<Item> items;

    private InstallPlan(List<Item> items) {
        this.items = List.copyOf(items);
    }

    /** The files, in the descriptor's order, then the listed parts' files in the hub's order. */
    public List<Item> items() {
        return items;
    }

    /** The bytes to download: exact for every file the plan confirms, estimated for the others. */
    public long bytes() {
        long n = 0;
        for (Item i : items) n += i.expected();
        return n;
    }

    /**
     * Makes the plan: reads the hub's listing of every pinned revision the descriptor's files come from, unless
     * the descriptor pins every size and hash itself.
     *
     * @throws ModelException when the listing cannot be read, disagrees with the descriptor, or a shipped
     *     descriptor's file cannot be confirmed; nothing has been downloaded then
     */
    public static InstallPlan make(ModelDescriptor model, HubClient hub, Monitor monitor) {
        Listings listings = new Listings("install model '" + model.name() + "' (nothing was downloaded)", hub,
                monitor, !model.fullyPinned());
        List<String> disagreements = new ArrayList<>();
        List<Item> items = new ArrayList<>();
        Set<String> planned = new LinkedHashSet<>();
        for (ModelDescriptor.SourceFile f : model.files()) {
            planned.add(f.path());
            if (f.inline()) {
                items.add(new Item(f.path(), null, null, null, null, Manifest.BY_DESCRIPTOR, "the descriptor",
                        "the descriptor", f.content(), f.expectedBytes()));
                continue;
            }
            URI url = f.source(model, null);
            ModelDescriptor.HubLocation at = ModelDescriptor.hubLocation(url);
            HubClient.Listing listing = listings.of(at);
            HubClient.HubFile h = listing == null ? null : listing.file(at.path());
            if (listing != null) disagreements.addAll(compare(f, h, at));
            if (listing == null && (f.size() == null || f.sha256() == null)) {
                if (model.shipped() || at != null) {
                    // a hub file whose listing was not needed cannot be unpinned; this is a shipped descriptor bug
                    throw new ModelException("Cannot install model '" + model.name() + "': nothing confirms the size "
                            + "and SHA-256 of " + f.path() + " (" + url + "), and a file is installed only when "
                            + "something other than its download confirms it; please report this descriptor.");
                }
                items.add(new Item(f.path(), url, f.size(), f.sha256(), null, Manifest.BY_FIRST_USE,
                        "the descriptor", "the descriptor", null, f.expectedBytes()));
                continue;
            }
            Long size = f.size() != null ? f.size() : h != null ? Long.valueOf(h.size()) : null;
            String sha = f.sha256() != null ? f.sha256() : h != null ? h.lfsSha256() : null;
            String git = sha == null && h != null && !h.lfs() ? h.gitOid() : null;
            boolean byDescriptor = f.size() != null && f.sha256() != null;
            String hubName = listing == null ? "" : "the hub's listing of " + listing.repo() + " at "
                    + listing.revision();
            items.add(new Item(f.path(), url, size, sha, git, byDescriptor ? Manifest.BY_DESCRIPTOR : Manifest.BY_HUB,
                    f.size() != null ? "the descriptor" : hubName, f.sha256() != null ? "the descriptor" : hubName,
                    null, size != null ? size : f.expectedBytes()));
        }
        if (!model.listed().isEmpty()) {
            ModelDescriptor.HubLocation at = ModelDescriptor.hubLocation(model.baseUrl().resolve("x"));
            HubClient.Listing listing = listings.of(at);
            for (ModelDescriptor.ListedPart part : model.listed()) {
                int found = 0;
                for (HubClient.HubFile h : listing.files().values()) {
                    if (!part.covers(h.path()) || planned.contains(h.path())) continue;
                    found++;
                    planned.add(h.path());
                    String hubName = "the hub's listing of " + listing.repo() + " at " + listing.revision();
                    items.add(new Item(h.path(), model.baseUrl().resolve(h.path()), h.size(),
                            h.lfs() ? h.lfsSha256() : null, h.lfs() ? null : h.gitOid(), Manifest.BY_HUB, hubName,
                            hubName, null, h.size()));
                }
                if (found == 0 && !part.optional() && model.files().stream().noneMatch(f -> part.covers(f.path()))) {
                    disagreements.add("the hub lists no file under " + part.path());
                }
            }
        }
        if (!disagreements.isEmpty()) {
            throw new ModelException("The hub's listing of " + model.repo() + " at " + model.revision()
                    + " disagrees with the descriptor of model '" + model.name() + "', so nothing was downloaded "
                    + "(check for a newer Inpaint-IJ, or report it): " + String.join("; ", disagreements) + ".");
        }
        return new InstallPlan(items);
    }

    /**
     * Compares a descriptor with the hub's listing of its pinned revision, as {@code models check} prints it.
     *
     * @throws ModelException when the listing cannot be read
     */
    public static Comparison compare(ModelDescriptor model, HubClient hub, Monitor monitor) {
        Listings listings = new Listings("check model '" + model.name() + "'", hub, monitor, true);
        List<String> disagreements = new ArrayList<>();
        Set<String> used = new LinkedHashSet<>();
        for (ModelDescriptor.SourceFile f : model.files()) {
            if (f.inline()) continue;
            ModelDescriptor.HubLocation at = ModelDescriptor.hubLocation(f.source(model, null));
            HubClient.Listing listing = listings.of(at);
            if (listing == null) {
                disagreements.add(f.path() + " is not on the hub (" + f.source(model, null) + "), so nothing can be "
                        + "compared");
                continue;
            }
            if (at.repo().equals(model.repo())) used.add(at.path());
            disagreements.addAll(compare(f, listing.file(at.path()), at));
        }
        List<String> unused = new ArrayList<>();
        if (model.repo() != null) {
            HubClient.Listing own = listings.of(ModelDescriptor.hubLocation(model.baseUrl().resolve("x")));
            for (ModelDescriptor.ListedPart part : model.listed()) {
                boolean any = false;
                for (String p : own.files().keySet()) {
                    if (part.covers(p)) {
                        any = true;
                        used.add(p);
                    }
                }
                if (!any && !part.optional()) disagreements.add("the hub lists no file under " + part.path());
            }
            for (HubClient.HubFile h : own.files().values()) {
                if (!used.contains(h.path())) unused.add(h.path() + " (" + h.size() + " bytes)");
            }
        }
        return new Comparison(disagreements, unused);
    }

    /** Where the hub contradicts one file of the descriptor; empty when it agrees. */
    private static List<String> compare(ModelDescriptor.SourceFile f, HubClient.HubFile h,
            ModelDescriptor.HubLocation at) {
        List<String> out = new ArrayList<>();
        if (h == null) {
            out.add(f.path() + " is not in the hub's listing of " + at.repo() + " at " + at.revision());
            return out;
        }
        if (f.size() != null && f.size() != h.size()) {
            out.add(f.path() + ": the descriptor gives " + f.size() + " bytes, the hub lists " + h.size());
        }
        if (f.shown() != null && !ShownSize.parse(f.shown()).contains(h.size())) {
            out.add(f.path() + ": the hub lists " + h.size() + " bytes, which is not the " + f.shown()
                    + " its page showed");
        }
        if (f.sha256() != null && h.lfs() && !f.sha256().equals(h.lfsSha256())) {
            out.add(f.path() + ": the descriptor gives SHA-256 " + f.sha256() + ", the hub lists " + h.lfsSha256());
        }
        return out;
    }

    /** The hub's listings, read once per repository and revision, and only when asked for. */
    private static final class Listings {
        private final String purpose;
        private final HubClient hub;
        private final Monitor monitor;
        private final boolean needed;
        private final Map<String, HubClient.Listing> read = new LinkedHashMap<>();

        Listings(String purpose, HubClient hub, Monitor monitor, boolean needed) {
            this.purpose = purpose;
            this.hub = hub;
            this.monitor = monitor;
            this.needed = needed;
        }

        /** The listing of the repository and revision a file URL resolves, or null (not needed, or not a hub URL). */
        HubClient.Listing of(ModelDescriptor.HubLocation at) {
            if (!needed || at == null) return null;
            String key = at.endpoint() + " " + at.repo() + " " + at.revision();
            HubClient.Listing l = read.get(key);
            if (l == null) {
                try {
                    l = hub.tree(at.endpoint(), at.repo(), at.revision(), monitor);
                } catch (ModelException e) {
                    String m = e.getMessage();
                    throw new ModelException("Cannot " + purpose + ": " + Character.toLowerCase(m.charAt(0))
                            + m.substring(1), e);
                }
                read.put(key, l);
            }
            return l;
        }
    }
}
