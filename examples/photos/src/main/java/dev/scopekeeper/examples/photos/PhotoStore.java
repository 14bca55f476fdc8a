package dev.scopekeeper.examples.photos;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * The example's own embedded database (H2), separate from the authorization server's. Holds what photos and albums
 * are; who may see or delete them lives in the server's relationship engine. Every change that has relationships
 * takes a callback that writes them inside the database transaction: if it throws, nothing is stored, so a photo is
 * never left without its owner in the engine.
 *
 * <p>Ids are 64 random bits in hex, never reused: the engine's tuples outlive this database (the demo keeps it in
 * memory, the server's on disk), and a reused id would inherit an old photo's viewers.
 */
public final class PhotoStore {
    public static final Pattern ID = Pattern.compile("[0-9a-f]{16}");
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String PHOTO_COLUMNS = "id, owner, album_id, title, uploaded_at";

    private final String url;

    /** @param url a JDBC URL, e.g. {@code jdbc:h2:mem:photos;DB_CLOSE_DELAY=-1} or {@code jdbc:h2:./data/photos} */
    public PhotoStore(String url) {
        this.url = url;
        try (Connection c = connect(); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE IF NOT EXISTS albums (id CHAR(16) PRIMARY KEY, owner VARCHAR(300) NOT NULL,"
                    + " name VARCHAR(200) NOT NULL, created_at TIMESTAMP NOT NULL)");
            st.execute("CREATE TABLE IF NOT EXISTS photos (id CHAR(16) PRIMARY KEY, owner VARCHAR(300) NOT NULL,"
                    + " album_id CHAR(16) NOT NULL REFERENCES albums (id), title VARCHAR(200) NOT NULL, uploaded_at TIMESTAMP NOT NULL)");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot open the photo database", e);
        }
    }

    /** Adds an album; {@code relate} (e.g. writing its owner tuple) runs before the commit, and a throw undoes it. */
    public Album addAlbum(String owner, String name, Instant at, Consumer<Album> relate) {
        Album album = new Album(newId(), owner, name, at);
        inTransaction("INSERT INTO albums (id, owner, name, created_at) VALUES (?, ?, ?, ?)", ps -> {
            ps.setString(1, album.id());
            ps.setString(2, owner);
            ps.setString(3, name);
            ps.setTimestamp(4, Timestamp.from(at));
        }, () -> relate.accept(album));
        return album;
    }

    /** Adds a photo to an album; {@code relate} runs before the commit, and a throw undoes it. */
    public Photo addPhoto(String owner, String albumId, String title, Instant at, Consumer<Photo> relate) {
        Photo photo = new Photo(newId(), owner, albumId, title, at);
        inTransaction("INSERT INTO photos (" + PHOTO_COLUMNS + ") VALUES (?, ?, ?, ?, ?)", ps -> {
            ps.setString(1, photo.id());
            ps.setString(2, owner);
            ps.setString(3, albumId);
            ps.setString(4, title);
            ps.setTimestamp(5, Timestamp.from(at));
        }, () -> relate.accept(photo));
        return photo;
    }

    /** Deletes a photo; {@code unrelate} (deleting its tuples) runs before the commit, and a throw keeps the photo. */
    public boolean deletePhoto(String id, Runnable unrelate) {
        return inTransaction("DELETE FROM photos WHERE id = ?", ps -> ps.setString(1, id), unrelate) == 1;
    }

    public Optional<Photo> photo(String id) {
        return photos(List.of(id)).stream().findFirst();
    }

    public Optional<Album> album(String id) {
        return albums(List.of(id)).stream().findFirst();
    }

    /** The photos with these ids, by upload time; ids without a photo (stale tuples) are skipped. */
    public List<Photo> photos(Collection<String> ids) {
        return select("SELECT " + PHOTO_COLUMNS + " FROM photos WHERE id IN (%s) ORDER BY uploaded_at, id", ids,
                rs -> new Photo(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getTimestamp(5).toInstant()));
    }

    /** The albums with these ids, by creation time; ids without an album are skipped. */
    public List<Album> albums(Collection<String> ids) {
        return select("SELECT id, owner, name, created_at FROM albums WHERE id IN (%s) ORDER BY created_at, id", ids,
                rs -> new Album(rs.getString(1), rs.getString(2), rs.getString(3), rs.getTimestamp(4).toInstant()));
    }

    private interface Binder {
        void bind(PreparedStatement ps) throws SQLException;
    }

    private interface Reader<T> {
        T read(ResultSet rs) throws SQLException;
    }

    /** One statement and {@code then} in one transaction: committed only if both succeed. Returns the update count. */
    private int inTransaction(String sql, Binder binder, Runnable then) {
        try (Connection c = connect()) {
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                binder.bind(ps);
                int count = ps.executeUpdate();
                if (count > 0) {
                    then.run();
                }
                c.commit();
                return count;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot write the photo database", e);
        }
    }

    private <T> List<T> select(String sqlWithIn, Collection<String> ids, Reader<T> reader) {
        List<String> valid = ids.stream().filter(id -> ID.matcher(id).matches()).distinct().toList();
        if (valid.isEmpty()) {
            return List.of();
        }
        String marks = String.join(", ", Collections.nCopies(valid.size(), "?"));
        try (Connection c = connect(); PreparedStatement ps = c.prepareStatement(sqlWithIn.formatted(marks))) {
            for (int i = 0; i < valid.size(); i++) {
                ps.setString(i + 1, valid.get(i));
            }
            List<T> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(reader.read(rs));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the photo database", e);
        }
    }

    private static String newId() {
        byte[] bytes = new byte[8];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    private Connection connect() throws SQLException {
        return DriverManager.getConnection(url, "sa", "");
    }
}
