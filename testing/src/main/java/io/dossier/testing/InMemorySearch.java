package io.dossier.testing;

import io.dossier.application.port.out.DocumentSearch;
import io.dossier.domain.Document;
import io.dossier.domain.DocumentException;
import io.dossier.domain.DocumentId;
import io.dossier.domain.Filing;
import io.dossier.domain.Reach;
import io.dossier.domain.SearchQuery;
import io.dossier.domain.Tag;
import io.dossier.domain.TenantId;
import io.dossier.domain.Version;

import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A simple search over the in-memory documents, for embedders and tests: words are matched
 * whole, without regard to case or accents; {@code "…"} is a phrase, {@code -word} excludes,
 * {@code or} separates alternatives. The rank counts matches, a match in the name four times.
 * It scans every document: fine for thousands, not for millions.
 */
public final class InMemorySearch implements DocumentSearch {
    private final InMemoryDocuments documents;
    private final Map<DocumentId, Text> texts = new HashMap<>();

    private record Text(String sha256, String text) {
    }

    public InMemorySearch(InMemoryDocuments documents) {
        this.documents = documents;
    }

    @Override
    public synchronized void index(Document document) {
        Text text = texts.get(document.id());
        if (text != null && !currentSha(document).equals(Optional.of(text.sha256()))) {
            texts.remove(document.id());
        }
    }

    @Override
    public synchronized void indexText(TenantId tenant, DocumentId documentId, String contentSha256, String text) {
        documents.find(tenant, documentId).filter(d -> currentSha(d).equals(Optional.of(contentSha256)))
                .ifPresent(d -> texts.put(documentId, new Text(contentSha256,
                        text.length() > MAX_TEXT_CHARS ? text.substring(0, MAX_TEXT_CHARS) : text)));
    }

    @Override
    public synchronized Hits search(TenantId tenant, Reach reach, SearchQuery query, int limit) {
        List<Alternative> alternatives = query.text().map(InMemorySearch::parse).orElse(List.of());
        List<Scored> scored = new ArrayList<>();
        for (Document document : documents.all()) {
            if (!document.tenant().equals(tenant) || document.isTrashed() || !reach.includes(document.filing())
                    || !passes(document, query)) {
                continue;
            }
            if (alternatives.isEmpty()) {
                scored.add(new Scored(document, 0, Optional.empty()));
                continue;
            }
            Text text = texts.get(document.id());
            String body = text == null || !currentSha(document).equals(Optional.of(text.sha256())) ? "" : text.text();
            List<String> name = words(document.metadata().name());
            List<String> rest = words(String.join(" ", fields(document)) + " " + body);
            double rank = 0;
            for (Alternative alternative : alternatives) {
                rank = Math.max(rank, alternative.rank(name, rest));
            }
            if (rank > 0) {
                scored.add(new Scored(document, rank, snippet(body.isEmpty() ? document.metadata().name() : body,
                        alternatives)));
            }
        }
        Comparator<Scored> order = alternatives.isEmpty()
                ? Comparator.comparing((Scored s) -> s.document().createdAt()).thenComparing(s -> s.document().id().toString())
                : Comparator.comparingDouble((Scored s) -> -s.rank()).thenComparing(s -> s.document().id().toString());
        scored.sort(order);
        Optional<Scored> after = query.after().map(InMemorySearch::decode);
        List<Scored> page = new ArrayList<>();
        for (Scored s : scored) {
            if (after.isPresent() && order.compare(s, after.get()) <= 0) {
                continue;
            }
            if (page.size() == limit) {
                return new Hits(hits(page), Optional.of(encode(page.get(page.size() - 1))));
            }
            page.add(s);
        }
        return new Hits(hits(page), Optional.empty());
    }

    private static List<Hit> hits(List<Scored> page) {
        return page.stream().map(s -> new Hit(s.document().id(), s.rank(), s.snippet())).toList();
    }

    private record Scored(Document document, double rank, Optional<String> snippet) {
    }

    // ---- cursors: the sort key of the last hit ---------------------------------------------

    private static String encode(Scored last) {
        String key = last.rank() + "|" + last.document().createdAt() + "|" + last.document().id();
        return Base64.getUrlEncoder().withoutPadding().encodeToString(key.getBytes(StandardCharsets.UTF_8));
    }

    private static Scored decode(String cursor) {
        try {
            String[] parts = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8).split("\\|");
            Document probe = Document.create(DocumentId.parse(parts[2]), 1, new TenantId("cursor"), Filing.UNFILED,
                    io.dossier.domain.Metadata.named("cursor"), io.dossier.domain.Visibility.PRIVATE,
                    new io.dossier.domain.Author("cursor", "cursor"), Instant.parse(parts[1]));
            return new Scored(probe, Double.parseDouble(parts[0]), Optional.empty());
        } catch (RuntimeException e) {
            throw new DocumentException.InvalidInput("the cursor is not one this search gave");
        }
    }

    // ---- filters ---------------------------------------------------------------------------

    private static boolean passes(Document d, SearchQuery q) {
        Optional<Version> current = d.currentVersion();
        if (q.tag().isPresent()) {
            Optional<Tag> tag = d.tag(q.tag().get());
            if (tag.isEmpty() || q.tagState().map(state -> tag.get().state() != state).orElse(false)) {
                return false;
            }
        }
        if (q.mediaType().isPresent() && !current.map(v -> io.dossier.domain.MediaTypes.essence(v.content().mediaType()))
                .equals(q.mediaType())) {
            return false;
        }
        Instant modified = d.lastModifiedAt();
        if (q.createdFrom().map(d.createdAt()::isBefore).orElse(false)
                || q.createdTo().map(d.createdAt()::isAfter).orElse(false)
                || q.modifiedFrom().map(modified::isBefore).orElse(false)
                || q.modifiedTo().map(modified::isAfter).orElse(false)) {
            return false;
        }
        String author = current.map(v -> v.author().reference()).orElse(d.createdBy().reference());
        if (q.author().map(a -> !a.equals(author)).orElse(false)
                || q.visibility().map(v -> v != d.visibility()).orElse(false)) {
            return false;
        }
        Filing f = d.filing();
        if (q.patient().isPresent() && !(f instanceof Filing.Patient p && p.patientId() == q.patient().get())) {
            return false;
        }
        if (q.client().isPresent() && !(f instanceof Filing.Project p && p.clientId() == q.client().get()
                && q.project().map(id -> id == p.projectId()).orElse(true))) {
            return false;
        }
        return true;
    }

    private static List<String> fields(Document d) {
        List<String> fields = new ArrayList<>();
        fields.add(d.metadata().description());
        d.metadata().properties().forEach((k, v) -> fields.add(v));
        d.tags().forEach(t -> fields.add(t.name()));
        d.currentVersion().ifPresent(v -> fields.add(v.content().fileName()));
        return fields;
    }

    private static Optional<String> currentSha(Document d) {
        return d.currentVersion().map(v -> v.content().sha256());
    }

    // ---- words -------------------------------------------------------------------------------

    static String fold(String text) {
        return Normalizer.normalize(text, Normalizer.Form.NFD).replaceAll("\\p{M}", "").toLowerCase(Locale.ROOT);
    }

    private static List<String> words(String text) {
        return Arrays.stream(fold(text).split("[^\\p{L}\\p{N}]+")).filter(w -> !w.isEmpty()).toList();
    }

    /** One side of an "or": phrases (a single word is a phrase of one) that must all occur, and words that must not. */
    private record Alternative(List<List<String>> required, List<String> excluded) {
        double rank(List<String> name, List<String> rest) {
            for (String word : excluded) {
                if (name.contains(word) || rest.contains(word)) {
                    return 0;
                }
            }
            double rank = 0;
            for (List<String> phrase : required) {
                int inName = count(name, phrase);
                int inRest = count(rest, phrase);
                if (inName + inRest == 0) {
                    return 0;
                }
                rank += 4 * inName + inRest;
            }
            return rank;
        }

        private static int count(List<String> words, List<String> phrase) {
            int found = 0;
            for (int i = 0; i + phrase.size() <= words.size(); i++) {
                if (words.subList(i, i + phrase.size()).equals(phrase)) {
                    found++;
                }
            }
            return found;
        }
    }

    private static List<Alternative> parse(String text) {
        List<Alternative> alternatives = new ArrayList<>();
        List<List<String>> required = new ArrayList<>();
        List<String> excluded = new ArrayList<>();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(-?)\"([^\"]*)\"|(\\S+)").matcher(text);
        while (m.find()) {
            String token = m.group(3);
            if (token != null && token.equalsIgnoreCase("or")) {
                if (!required.isEmpty()) {
                    alternatives.add(new Alternative(required, excluded));
                }
                required = new ArrayList<>();
                excluded = new ArrayList<>();
                continue;
            }
            boolean negated = m.group(2) != null ? m.group(1).equals("-") : token.startsWith("-");
            List<String> words = words(m.group(2) != null ? m.group(2) : (negated ? token.substring(1) : token));
            if (words.isEmpty()) {
                continue;
            }
            if (negated) {
                excluded.addAll(words);
            } else {
                required.add(words);
            }
        }
        if (!required.isEmpty()) {
            alternatives.add(new Alternative(required, excluded));
        }
        return alternatives;
    }

    /** A passage around the first match, HTML-escaped, the matched words in {@code <mark>}. */
    private static Optional<String> snippet(String text, List<Alternative> alternatives) {
        java.util.Set<String> marked = new java.util.HashSet<>();
        alternatives.forEach(a -> a.required().forEach(marked::addAll));
        java.util.regex.Matcher word = java.util.regex.Pattern.compile("[\\p{L}\\p{N}\\p{M}]+").matcher(text);
        int first = -1;
        List<int[]> hits = new ArrayList<>();
        while (word.find()) {
            if (marked.contains(fold(word.group()))) {
                hits.add(new int[] {word.start(), word.end()});
                if (first < 0) {
                    first = word.start();
                }
            }
        }
        if (first < 0) {
            return Optional.empty();
        }
        int from = Math.max(0, first - 60);
        int to = Math.min(text.length(), first + 140);
        StringBuilder out = new StringBuilder();
        int at = from;
        for (int[] hit : hits) {
            if (hit[0] < from || hit[1] > to) {
                continue;
            }
            out.append(escape(text.substring(at, hit[0]))).append("<mark>").append(escape(text.substring(hit[0], hit[1])))
                    .append("</mark>");
            at = hit[1];
        }
        out.append(escape(text.substring(at, to)));
        return Optional.of(out.toString().replaceAll("\\s+", " ").strip());
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
