package dev.scopekeeper.examples.photos;

import dev.scopekeeper.resource.RelationshipUnavailableException;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The photo database: relationships are written inside its transactions, so a failed write leaves nothing half-done. */
class PhotoStoreTest {
    private static final Instant NOW = Instant.parse("2030-01-01T00:00:00Z");
    private final PhotoStore store = new PhotoStore("jdbc:h2:mem:photostore_" + UUID.randomUUID().toString().replace("-", "") + ";DB_CLOSE_DELAY=-1");
    private final List<String> written = new ArrayList<>();

    private static void engineDown(Object ignored) {
        throw new RelationshipUnavailableException("the FGA API at http://127.0.0.1:1/fga/tuples did not answer within PT5S");
    }

    @Test
    void whenTheRelationshipsAreWrittenThenThePhotoIsStoredWithARandomId() {
        Album album = store.addAlbum("user:alice", "Holidays", NOW, a -> written.add("album:" + a.id() + "#owner@user:alice"));
        Photo photo = store.addPhoto("user:alice", album.id(), "Beach", NOW, p -> written.add("photo:" + p.id() + "#owner@user:alice"));

        assertThat(photo.id()).matches("[0-9a-f]{16}").isNotEqualTo(album.id());
        assertThat(written).containsExactly("album:" + album.id() + "#owner@user:alice", "photo:" + photo.id() + "#owner@user:alice");
        assertThat(store.photo(photo.id())).contains(photo);
        assertThat(store.album(album.id())).contains(album);
    }

    @Test
    void whenWritingTheRelationshipsFailsThenNoPhotoOrAlbumIsLeft() {
        Album album = store.addAlbum("user:alice", "Holidays", NOW, a -> { });

        List<String> tried = new ArrayList<>();

        assertThatThrownBy(() -> store.addPhoto("user:alice", album.id(), "Beach", NOW, p -> {
            tried.add(p.id());
            engineDown(p);
        })).isInstanceOf(RelationshipUnavailableException.class);
        assertThatThrownBy(() -> store.addAlbum("user:alice", "Work", NOW, a -> {
            tried.add(a.id());
            engineDown(a);
        })).isInstanceOf(RelationshipUnavailableException.class);

        assertThat(tried).hasSize(2);
        assertThat(store.photo(tried.get(0))).isEmpty();
        assertThat(store.album(tried.get(1))).isEmpty();
        assertThat(store.album(album.id())).isPresent();
    }

    @Test
    void whenDeletingTheRelationshipsFailsThenThePhotoStays() {
        Album album = store.addAlbum("user:alice", "Holidays", NOW, a -> { });
        Photo photo = store.addPhoto("user:alice", album.id(), "Beach", NOW, p -> { });

        assertThatThrownBy(() -> store.deletePhoto(photo.id(), () -> engineDown(null)))
                .isInstanceOf(RelationshipUnavailableException.class);
        assertThat(store.photo(photo.id())).contains(photo);

        assertThat(store.deletePhoto(photo.id(), () -> written.add("deleted"))).isTrue();
        assertThat(store.photo(photo.id())).isEmpty();
        assertThat(written).containsExactly("deleted");
        // Nothing to delete: the engine is not asked.
        assertThat(store.deletePhoto(photo.id(), () -> written.add("again"))).isFalse();
        assertThat(written).containsExactly("deleted");
    }

    @Test
    void whenListedByIdsThenUnknownAndMalformedIdsAreSkipped() {
        Album album = store.addAlbum("user:alice", "Holidays", NOW, a -> { });
        Photo first = store.addPhoto("user:alice", album.id(), "One", NOW, p -> { });
        Photo second = store.addPhoto("user:alice", album.id(), "Two", NOW.plusSeconds(1), p -> { });

        assertThat(store.photos(List.of(second.id(), "0000000000000000", "'; DROP TABLE photos; --", first.id(), first.id())))
                .containsExactly(first, second);
    }
}
