package dev.scopekeeper.server.config;

import dev.scopekeeper.scopes.ApiDefinition;
import dev.scopekeeper.scopes.ScopeCatalog;
import dev.scopekeeper.scopes.ScopeDefinition;
import dev.scopekeeper.scopes.ScopeSyntax;
import dev.scopekeeper.server.policy.BuiltInApis;
import dev.scopekeeper.server.policy.ProtocolScopes;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;

/**
 * Builds the scope catalog from the {@code apis} section. Every rule that {@link ScopeCatalog#of}
 * enforces on the whole catalog is checked here first, entry by entry, so that the error can name
 * the line and the field at fault (a scope declared twice, an unknown or cyclic implication).
 */
final class CatalogReader {
    private final BiFunction<String, String, ConfigException> error;
    /** Scope name → the pointer of the entry that declares it, in declaration order. */
    private final Map<String, String> declaredAt = new LinkedHashMap<>();
    private final Map<String, ConfigFile.ScopeEntry> entries = new HashMap<>();
    private final Map<String, String> audiences = new HashMap<>();

    private CatalogReader(BiFunction<String, String, ConfigException> error) {
        this.error = error;
    }

    /** @param error makes the exception for a JSON pointer into the file and a message */
    static ScopeCatalog read(List<ConfigFile.Api> apis, BiFunction<String, String, ConfigException> error) {
        return new CatalogReader(error).read(apis);
    }

    private ScopeCatalog read(List<ConfigFile.Api> apis) {
        List<ApiDefinition> definitions = new ArrayList<>();
        for (int i = 0; i < apis.size(); i++) {
            definitions.add(api(apis.get(i), "/apis/" + i));
        }
        declaredAt.forEach((name, at) -> references(entries.get(name), at));
        new CycleCheck().run();
        try {
            return ScopeCatalog.of(definitions);
        } catch (IllegalArgumentException e) {
            throw error.apply("/apis", e.getMessage());
        }
    }

    private ApiDefinition api(ConfigFile.Api api, String at) {
        if (api == null) {
            throw error.apply(at, "an API has an audience, a name and scopes");
        }
        require(api.audience(), at + "/audience");
        require(api.name(), at + "/name");
        String other = audiences.putIfAbsent(api.audience(), at);
        if (other != null) {
            throw error.apply(at + "/audience", "audience '" + api.audience() + "' is already used by "
                    + LocatedYaml.fieldName(other));
        }
        List<ScopeDefinition> apiScopes = new ArrayList<>();
        for (int j = 0; j < api.scopes().size(); j++) {
            apiScopes.add(scope(api.scopes().get(j), at + "/scopes/" + j));
        }
        try {
            return new ApiDefinition(api.audience(), api.name(), apiScopes);
        } catch (IllegalArgumentException e) {
            // Name, scopes and duplicates are checked above; what is left is the audience URI (RFC 8707 §2).
            throw error.apply(at + "/audience", e.getMessage());
        }
    }

    private ScopeDefinition scope(ConfigFile.ScopeEntry s, String at) {
        if (s == null) {
            throw error.apply(at, "a scope has a name and a description");
        }
        require(s.name(), at + "/name");
        token(s.name(), at + "/name");
        // A protocol scope gives no API audience and is never limited by roles; one name, one meaning.
        if (ProtocolScopes.isProtocolScope(s.name())) {
            throw error.apply(at + "/name", "'" + s.name() + "' is a protocol scope, known without being declared;"
                    + " an API cannot declare it");
        }
        if (BuiltInApis.isBuiltInScope(s.name())) {
            throw error.apply(at + "/name", "'" + s.name() + "' is a scope of the built-in FGA API (audience <issuer>"
                    + BuiltInApis.FGA_PATH + "), known without being declared; an API cannot declare it");
        }
        require(s.description(), at + "/description");
        String first = declaredAt.putIfAbsent(s.name(), at);
        if (first != null) {
            throw error.apply(at + "/name", "scope '" + s.name() + "' is already declared at "
                    + LocatedYaml.fieldName(first) + "; a scope belongs to exactly one API");
        }
        for (int k = 0; k < s.implies().size(); k++) {
            token(s.implies().get(k), at + "/implies/" + k);
        }
        if (s.replacedBy() != null) {
            token(s.replacedBy(), at + "/replacedBy");
            if (s.replacedBy().equals(s.name())) {
                throw error.apply(at + "/replacedBy", "a scope cannot be replaced by itself");
            }
        }
        entries.put(s.name(), s);
        try {
            return new ScopeDefinition(s.name(), s.description(), s.isDefault(), Set.copyOf(s.implies()),
                    s.deprecated(), s.replacedBy());
        } catch (IllegalArgumentException e) {
            throw error.apply(at, e.getMessage());
        }
    }

    private void references(ConfigFile.ScopeEntry s, String at) {
        List<String> implies = s.implies();
        for (int k = 0; k < implies.size(); k++) {
            if (!entries.containsKey(implies.get(k))) {
                throw error.apply(at + "/implies/" + k, "unknown scope '" + implies.get(k) + "': declare it under an API first");
            }
        }
        if (s.replacedBy() != null && !entries.containsKey(s.replacedBy())) {
            throw error.apply(at + "/replacedBy", "unknown scope '" + s.replacedBy() + "': declare it under an API first");
        }
    }

    private void token(String value, String at) {
        // RFC 6749 §3.3: scope-token = 1*( %x21 / %x23-5B / %x5D-7E )
        if (value == null || !ScopeSyntax.isValidToken(value)) {
            throw error.apply(at, "'" + value + "' is not a valid scope name (RFC 6749 section 3.3)");
        }
    }

    private void require(String value, String at) {
        if (value == null || value.isBlank()) {
            throw error.apply(at, "is required");
        }
    }

    /** Depth-first search in declaration order; names the {@code implies} entry that closes a cycle. */
    private final class CycleCheck {
        private final Map<String, Boolean> onPath = new HashMap<>();
        private final List<String> path = new ArrayList<>();

        void run() {
            for (String name : declaredAt.keySet()) {
                if (!onPath.containsKey(name)) {
                    visit(name);
                }
            }
        }

        private void visit(String name) {
            onPath.put(name, true);
            path.add(name);
            List<String> implies = entries.get(name).implies();
            for (int k = 0; k < implies.size(); k++) {
                String next = implies.get(k);
                Boolean state = onPath.get(next);
                if (Boolean.TRUE.equals(state)) {
                    List<String> cycle = new ArrayList<>(path.subList(path.indexOf(next), path.size()));
                    cycle.add(next);
                    throw error.apply(declaredAt.get(name) + "/implies/" + k,
                            "implication cycle " + String.join(" -> ", cycle));
                }
                if (state == null) {
                    visit(next);
                }
            }
            path.remove(path.size() - 1);
            onPath.put(name, false);
        }
    }
}
