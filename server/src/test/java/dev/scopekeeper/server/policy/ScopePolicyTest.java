package dev.scopekeeper.server.policy;

import dev.scopekeeper.scopes.ApiDefinition;
import dev.scopekeeper.scopes.ScopeCatalog;
import dev.scopekeeper.scopes.ScopeDefinition;
import dev.scopekeeper.scopes.ScopeSet;
import dev.scopekeeper.server.client.Client;
import dev.scopekeeper.server.client.ClientType;
import dev.scopekeeper.server.protocol.GrantType;
import dev.scopekeeper.server.protocol.OAuthError;
import dev.scopekeeper.server.protocol.OAuthException;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** The scope decision as a pure function: no server, no database. */
class ScopePolicyTest {
    static final String PHOTOS = "https://photos.example.com";
    static final String DOCS = "https://docs.example.com";
    static final ScopeCatalog CATALOG = ScopeCatalog.of(List.of(
            new ApiDefinition(PHOTOS, "Photos", List.of(
                    ScopeDefinition.of("photos.read", "Read").withDefault(true),
                    ScopeDefinition.of("photos.write", "Write"),
                    ScopeDefinition.of("photos.admin", "Admin").withImplies("photos.write"))),
            new ApiDefinition(DOCS, "Docs", List.of(
                    ScopeDefinition.of("docs.read", "Read docs"),
                    ScopeDefinition.of("docs.write", "Write docs").withImplies("docs.read")))));

    static Client client(String allowed, String defaults) {
        return new Client("c", "C", ClientType.CONFIDENTIAL, false, Set.of(GrantType.CLIENT_CREDENTIALS),
                ScopeSet.parseOrEmpty(allowed), ScopeSet.parseOrEmpty(defaults), List.of(), new byte[32], Instant.EPOCH);
    }

    static ScopeDecision decide(Client client, String scope, String... resources) {
        return ScopePolicy.decide(CATALOG, client, new ScopeRequest(scope, List.of(resources)));
    }

    static OAuthError refusal(Client client, String scope, String... resources) {
        return catchThrowableOfType(OAuthException.class, () -> decide(client, scope, resources)).error();
    }

    @Test
    void whenRequestedScopesAllowedThenGrantedExactly() {
        ScopeDecision d = decide(client("photos.read photos.write", ""), "photos.write");
        assertThat(d.granted()).isEqualTo(ScopeSet.of("photos.write"));
        assertThat(d.audiences()).containsExactly(PHOTOS);
        assertThat(d.dropped()).isEmpty();
    }

    @Test
    void whenOmittedThenClientDefaultsWin() {
        assertThat(decide(client("photos.read docs.read", "docs.read"), null).granted()).isEqualTo(ScopeSet.of("docs.read"));
    }

    @Test
    void whenOmittedAndNoClientDefaultsThenApiDefaultsThatTheClientMayHave() {
        assertThat(decide(client("photos.read docs.read", ""), null).granted()).isEqualTo(ScopeSet.of("photos.read"));
    }

    @Test
    void whenOmittedAndApiDefaultsNotAllowedThenInvalidScope() {
        OAuthError e = refusal(client("docs.read", ""), null);
        assertThat(e.code()).isEqualTo("invalid_scope");
        assertThat(e.status()).isEqualTo(400);
    }

    @Test
    void whenBroadScopeAllowedThenNarrowerOnesMayBeRequested() {
        // photos.admin implies photos.write, so a client allowed admin may ask for write alone.
        assertThat(decide(client("photos.admin", ""), "photos.write").granted()).isEqualTo(ScopeSet.of("photos.write"));
    }

    @Test
    void whenBroadScopeGrantedThenImplicationsAreExpanded() {
        assertThat(decide(client("photos.admin", ""), "photos.admin").granted()).isEqualTo(ScopeSet.of("photos.admin", "photos.write"));
    }

    @Test
    void whenNarrowScopeAllowedThenBroadOneIsNot() {
        assertThat(refusal(client("photos.write", ""), "photos.admin").description()).isEqualTo("scope not allowed for this client: photos.admin");
    }

    @Test
    void whenUnknownAndNotAllowedThenUnknownIsReportedFirst() {
        assertThat(refusal(client("photos.read", ""), "nope docs.read").description()).isEqualTo("unknown scope: nope");
    }

    @Test
    void whenScopesSpanApisThenEveryAudienceIsListed() {
        assertThat(decide(client("photos.read docs.read", ""), "photos.read docs.read").audiences()).containsExactlyInAnyOrder(PHOTOS, DOCS);
    }

    @Test
    void whenResourceGivenThenOnlyItsDefaultsApplyAndItIsTheAudience() {
        ScopeDecision d = decide(client("photos.read docs.read", "photos.read docs.read"), null, DOCS);
        assertThat(d.granted()).isEqualTo(ScopeSet.of("docs.read"));
        assertThat(d.audiences()).containsExactly(DOCS);
    }

    @Test
    void whenSameResourceTwiceThenOneAudience() {
        assertThat(decide(client("docs.read", ""), "docs.read", DOCS, DOCS).audiences()).containsExactly(DOCS);
    }

    @Test
    void whenScopeOutsideRequestedResourceThenInvalidScope() {
        OAuthError e = refusal(client("photos.read docs.read", ""), "photos.read", DOCS);
        assertThat(e.code()).isEqualTo("invalid_scope");
        assertThat(e.description()).isEqualTo("scope photos.read belongs to " + PHOTOS + ", which is not a requested resource");
    }

    @Test
    void whenResourceUnknownThenInvalidTargetBeforeAnyScopeCheck() {
        OAuthError e = refusal(client("photos.read", ""), "nope", "https://other.example.com");
        assertThat(e.code()).isEqualTo("invalid_target");
        assertThat(e.status()).isEqualTo(400);
    }

    @Test
    void whenDecidingTwiceThenTheSameDecision() {
        Client c = client("photos.admin docs.write", "");
        assertThat(decide(c, "photos.admin docs.write")).isEqualTo(decide(c, "docs.write photos.admin"));
    }
}
