package dev.scopekeeper.server.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.scopekeeper.scopes.ScopeCatalog;
import dev.scopekeeper.scopes.ScopeSet;
import dev.scopekeeper.scopes.ScopeSyntax;
import dev.scopekeeper.server.policy.BuiltInApis;
import dev.scopekeeper.server.policy.ProtocolScopes;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads and validates a configuration file. Every problem is reported with the file, the line
 * and the field; nothing is applied from a file that has one.
 */
public final class ConfigLoader {
    /** Client ids, in the configuration file and on the command line alike. */
    public static final Pattern CLIENT_ID = Pattern.compile("[A-Za-z0-9._~-]{1,100}");
    public static final String CLIENT_ID_RULE = "must be 1 to 100 characters of A-Z a-z 0-9 . _ ~ -";
    /** Usernames, in the configuration file and on the command line alike. */
    public static final Pattern USERNAME = Pattern.compile("[A-Za-z0-9._@+-]{1,100}");
    public static final String USERNAME_RULE = "must be 1 to 100 characters of A-Z a-z 0-9 . _ @ + -";
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private final String file;
    private LocatedYaml yaml;

    private ConfigLoader(String file) {
        this.file = file;
    }

    public static ValidatedConfig load(Path path) {
        String text;
        try {
            text = Files.readString(path, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ConfigException(path.toString(), 0, null, "cannot read the file (" + e.getMessage() + ")");
        }
        return parse(path.toString(), text);
    }

    public static ValidatedConfig parse(String fileName, String text) {
        return new ConfigLoader(fileName).validate(text);
    }

    private ValidatedConfig validate(String text) {
        try {
            yaml = LocatedYaml.parse(text);
        } catch (JsonProcessingException e) {
            int line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
            throw new ConfigException(file, line, null, "not valid YAML: " + e.getOriginalMessage());
        } catch (LocatedYaml.DuplicateKeyException e) {
            throw new ConfigException(file, e.line, LocatedYaml.fieldName(e.pointer), "is declared twice in one mapping");
        } catch (IOException e) {
            throw new ConfigException(file, 0, null, "not valid YAML: " + e.getMessage());
        }
        if (!yaml.root.isObject()) {
            throw error("", "the file must be a mapping with apis, roles, clients and users");
        }
        ConfigFile config;
        try {
            config = MAPPER.treeToValue(yaml.root, ConfigFile.class);
        } catch (JsonMappingException e) {
            String pointer = pointerOf(e);
            throw error(pointer, describe(e));
        } catch (JsonProcessingException e) {
            throw error("", e.getOriginalMessage());
        }
        ScopeCatalog catalog = CatalogReader.read(config.apis(), this::error);
        // Roles and clients may name the built-in APIs' scopes too; only the configured APIs are stored.
        ScopeCatalog known = BuiltInApis.forNames(catalog);
        Map<String, ScopeSet> roles = roles(config.roles(), known);
        List<ValidatedConfig.ClientSpec> clients = ClientReader.read(config.clients(), known, this::error);
        List<ValidatedConfig.UserSpec> users = users(config.users(), roles.keySet());
        return new ValidatedConfig(catalog, roles, clients, users);
    }

    private Map<String, ScopeSet> roles(Map<String, List<String>> roles, ScopeCatalog catalog) {
        Map<String, ScopeSet> out = new LinkedHashMap<>();
        roles.forEach((role, scopes) -> {
            String at = "/roles/" + role;
            if (scopes == null) {
                throw error(at, "a role lists the scopes it permits");
            }
            out.put(role, roleScopes(scopes, catalog, at));
        });
        return out;
    }

    private List<ValidatedConfig.UserSpec> users(List<ConfigFile.UserEntry> entries, Set<String> roles) {
        List<ValidatedConfig.UserSpec> out = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < entries.size(); i++) {
            ConfigFile.UserEntry u = entries.get(i);
            String at = "/users/" + i;
            if (u == null) {
                throw error(at, "a user has a username, a password and roles");
            }
            require(u.username(), at + "/username");
            if (!USERNAME.matcher(u.username()).matches()) {
                throw error(at + "/username", USERNAME_RULE);
            }
            if (!names.add(u.username())) {
                throw error(at + "/username", "user '" + u.username() + "' is declared twice");
            }
            require(u.password(), at + "/password");
            if (u.password().length() < 8) {
                throw error(at + "/password", "must be at least 8 characters");
            }
            for (int j = 0; j < u.roles().size(); j++) {
                if (!roles.contains(u.roles().get(j))) {
                    throw error(at + "/roles/" + j, "unknown role '" + u.roles().get(j) + "'");
                }
            }
            out.add(new ValidatedConfig.UserSpec(u.username(), u.password(), Set.copyOf(u.roles())));
        }
        return out;
    }

    /** Scopes of a role: declared in the catalog. */
    private ScopeSet roleScopes(List<String> values, ScopeCatalog catalog, String at) {
        for (int i = 0; i < values.size(); i++) {
            String s = values.get(i);
            if (s == null || !ScopeSyntax.isValidToken(s)) {
                throw error(at + "/" + i, "'" + s + "' is not a valid scope (RFC 6749 section 3.3)");
            }
            // Roles decide which users may grant an API scope; openid and offline_access are every user's to grant.
            if (ProtocolScopes.isProtocolScope(s)) {
                throw error(at + "/" + i, "'" + s + "' is a protocol scope: roles limit API scopes only");
            }
            if (!catalog.isKnown(s)) {
                throw error(at + "/" + i, "unknown scope '" + s + "': declare it under an API first");
            }
        }
        return ScopeSet.of(values);
    }

    /** Whether {@code value} may be registered as a redirect URI; {@link RedirectUris#problem} says why not. */
    public static boolean isRedirectUri(String value) {
        return RedirectUris.problem(value).isEmpty();
    }

    private void require(String value, String pointer) {
        if (value == null || value.isBlank()) {
            throw error(pointer, "is required");
        }
    }

    private ConfigException error(String pointer, String message) {
        return new ConfigException(file, yaml.lineOf(pointer), LocatedYaml.fieldName(pointer), message);
    }

    private static String pointerOf(JsonMappingException e) {
        StringBuilder b = new StringBuilder();
        for (JsonMappingException.Reference r : e.getPath()) {
            b.append('/').append(r.getFieldName() != null ? r.getFieldName() : String.valueOf(r.getIndex()));
        }
        return b.toString();
    }

    private static String describe(JsonMappingException e) {
        if (e instanceof com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException u) {
            return "unknown field '" + u.getPropertyName() + "'";
        }
        if (e instanceof com.fasterxml.jackson.databind.exc.MismatchedInputException m && m.getTargetType() != null) {
            return "expected " + simpleType(m.getTargetType());
        }
        return e.getOriginalMessage();
    }

    private static String simpleType(Class<?> type) {
        if (List.class.isAssignableFrom(type)) {
            return "a list";
        }
        if (Map.class.isAssignableFrom(type) || type.isRecord()) {
            return "a mapping";
        }
        if (type == boolean.class || type == Boolean.class) {
            return "true or false";
        }
        return "a " + type.getSimpleName().toLowerCase(Locale.ROOT);
    }
}
