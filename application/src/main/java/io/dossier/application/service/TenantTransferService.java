package io.dossier.application.service;

import io.dossier.application.port.in.TransferTenantUseCase;
import io.dossier.application.port.out.ContentStore;
import io.dossier.application.port.out.Documents;
import io.dossier.application.port.out.Patients;
import io.dossier.domain.ContentRef;
import io.dossier.domain.Document;
import io.dossier.domain.DocumentException;
import io.dossier.domain.Patient;
import io.dossier.domain.StorageKey;
import io.dossier.domain.TenantId;
import io.dossier.domain.Version;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/** Export and restore of a tenant, through the ports: documents as their snapshots, objects by key. */
public final class TenantTransferService implements TransferTenantUseCase {
    private static final int PAGE = 200;
    /** Who restored an imported document, in its audit trail (its versions keep their own authors). */
    private static final io.dossier.domain.Author IMPORT = new io.dossier.domain.Author("Dossier/import", "import");

    private final Documents documents;
    private final ContentStore store;
    private final Patients patients;
    private final DocumentChanges changes;

    TenantTransferService(Documents documents, ContentStore store, Patients patients, DocumentChanges changes) {
        this.documents = documents;
        this.store = store;
        this.patients = patients;
        this.changes = changes;
    }

    @Override
    public Exported export(TenantId tenant, Archive archive) {
        long documentCount = 0;
        long versions = 0;
        long objects = 0;
        long bytes = 0;
        try {
            for (int offset = 0; ; offset += PAGE) {
                List<Document> page = documents.list(tenant, offset, PAGE);
                for (Document document : page) {
                    for (Version version : document.versions()) {
                        ContentRef content = version.content();
                        versions++;
                        if (archive.holds(content)) {
                            continue;
                        }
                        try (InputStream in = store.open(content.storageKey(), Optional.empty())) {
                            archive.content(content, in);
                        }
                        objects++;
                        bytes += content.length();
                    }
                    archive.document(document.snapshot());
                    documentCount++;
                }
                if (page.size() < PAGE) {
                    break;
                }
            }
            List<Patient> kept = patients.list(tenant);
            for (Patient patient : kept) {
                archive.patient(patient);
            }
            return new Exported(documentCount, versions, objects, bytes, kept.size());
        } catch (IOException e) {
            throw new UncheckedIOException("writing the export failed", e);
        }
    }

    @Override
    public Optional<Document> restore(Document.Snapshot exported, Contents contents) {
        if (documents.find(exported.tenant(), exported.id()).or(() -> documents.findInTrash(exported.tenant(),
                exported.id())).isPresent()) {
            return Optional.empty();
        }
        List<StorageKey> stored = new ArrayList<>();
        Set<StorageKey> seen = new HashSet<>();
        try {
            for (Version version : exported.versions()) {
                ContentRef content = version.content();
                if (seen.add(content.storageKey())) {
                    put(content, contents, version);
                    stored.add(content.storageKey());
                }
            }
            documents.reserveNumbersThrough(exported.tenant(), exported.number());
            // As a new document: revision 0, its versions pended for renditions, in the search.
            return Optional.of(changes.save(IMPORT, Document.restore(new Document.Snapshot(exported.id(), exported.number(),
                    exported.tenant(), exported.filing(), exported.metadata(), exported.visibility(),
                    exported.createdAt(), exported.createdBy(), exported.lastModifiedAt(), exported.versions(),
                    exported.tags(), exported.publicTokens(), 0, exported.keeping()))));
        } catch (RuntimeException e) {
            for (StorageKey key : stored) {
                try {
                    store.delete(key);
                } catch (RuntimeException ignored) {
                    // nothing refers to it: the sweeper deletes it after its grace period
                }
            }
            throw e;
        }
    }

    private void put(ContentRef content, Contents contents, Version version) {
        // An object no version refers to (left by a deletion, until the sweeper comes) is replaced.
        if (documents.references(content.storageKey())) {
            throw new DocumentException.Conflict("a version of another document refers to " + content.key()
                    + ": restore into an empty Dossier");
        }
        ContentStore.StoredContent stored;
        try (InputStream in = contents.open(content)) {
            stored = store.put(content.storageKey(), in, content.mediaType(), content.length(),
                    OptionalLong.of(content.length()));
        } catch (IOException e) {
            throw new UncheckedIOException("reading the bytes of version " + version.number() + " failed", e);
        } catch (DocumentException.ContentTooLarge | DocumentException.InvalidInput e) {
            throw rejected(version, e.getMessage());
        }
        if (!stored.sha256().equals(content.sha256())) {
            store.delete(content.storageKey());
            throw rejected(version, "SHA-256 " + stored.sha256() + " instead of the recorded " + content.sha256());
        }
    }

    private static DocumentException rejected(Version version, String why) {
        return new DocumentException.ContentRejected("the bytes of version " + version.number()
                + " are not those it recorded: " + why, false);
    }

    @Override
    public void restore(Patient patient) {
        patients.register(patient);
    }
}
