package dev.scopekeeper.scopes;

import java.util.List;

/** Fixture builders for catalog tests. */
final class TestCatalogs {

    static final String PHOTOS = "https://photos.example.com";
    static final String CONTACTS = "https://contacts.example.com";

    private TestCatalogs() {
    }

    static ScopeDefinition scope(String name) {
        return ScopeDefinition.of(name, "Lets the client use " + name);
    }

    static ApiDefinition api(String audience, String name, ScopeDefinition... scopes) {
        return new ApiDefinition(audience, name, List.of(scopes));
    }

    /** photos.admin -> photos.write -> photos.read (default); photos.legacy deprecated in favour of photos.read. */
    static ApiDefinition photos() {
        return api(PHOTOS, "Photos",
                scope("photos.read").withDefault(true),
                scope("photos.write").withImplies("photos.read"),
                scope("photos.admin").withImplies("photos.write"),
                scope("photos.legacy").withDeprecated("photos.read"));
    }

    static ApiDefinition contacts() {
        return api(CONTACTS, "Contacts",
                scope("contacts.read").withDefault(true),
                scope("contacts.write"));
    }

    static ScopeCatalog standard() {
        return ScopeCatalog.of(List.of(photos(), contacts()));
    }
}
